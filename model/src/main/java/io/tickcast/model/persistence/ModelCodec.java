package io.tickcast.model.persistence;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.TrainerSnapshot;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Encodes a {@link TrainerSnapshot} as compact bytes: fingerprint {@code (T, H, F)}, counters
 * (DL4J iteration count, the iteration of the last optimizer reset, model version, trained
 * examples, skipped steps), noise-scale EMA state,
 * then the float32 parameter vector and the float32 Adam state vector (absent when the network
 * has no updater state). About {@code 12 · numParams} bytes. Stateless and thread-safe.
 *
 * <p>Versions: 1 = first release (no reset origin; read as 0, i.e. never reset, which is exactly
 * how that release stepped), 2 = adds the reset origin (4 B), 3 = adds the fast skip's state at
 * the end (a count byte and 2 doubles θ, P; {@code FastSkip}; absent from older records, which
 * restore as the network alone, θ = 0, so an older model restores with the same forecasts),
 * 4 = the same with 4 doubles θ, P, g, Q (the skip with the network's gain; a version-3 record
 * restores with g = 1, the same forecasts).
 * Each record is written in the oldest version that holds it: version 1 while the origin is 0
 * (a reset at iteration 0 is the same thing) and there is no skip. With the skip on (the
 * default, with the gain) records are version 4, which releases before it refuse: a rollback
 * cold-starts the model, loudly (their restore path logs and counts it); without the gain
 * ({@code model.fast.skip.gain.forgetting=0}) records are version 3; with
 * {@code model.fast.skip=false} a never-reset model keeps the first release's bytes.
 *
 * <p>The network itself is rebuilt by {@code LstmNetworkFactory} and the arrays assigned into
 * it, which is why the fingerprint must match: other shapes cannot be loaded, with one exception.
 * A model with {@link ForecasterConfig#FEATURES} inputs (before the linear-forecast input,
 * issue 10) is migrated: its input weights, and their Adam moments, are widened with zeros for
 * the new input, so the migrated network computes exactly the old function and learns the new
 * input's weights from there. A record is always written with the current width.
 */
public final class ModelCodec {

  /** Refuse absurd lengths before allocating (a corrupt length would otherwise OOM). */
  private static final int MAX_FLOATS = 64 * 1024 * 1024;

  private ModelCodec() {}

  /** Decoded model bytes: the trainer's snapshot and the divergence guard's state. */
  public record Decoded(TrainerSnapshot snapshot, DivergenceGuard guard) {}

  public static byte[] encode(ForecasterConfig cfg, TrainerSnapshot s, DivergenceGuard g) {
    // The oldest layout that holds the record, so that without the skip a rollback to an older
    // release still reads the model: a never-reset optimizer is the first release's layout.
    boolean skip = s.hasSkip();
    boolean reset = s.momentOrigin() != 0 || skip;
    byte version = skip ? (byte) (s.skipState().length == 2 ? 3 : 4) : reset ? (byte) 2 : 1;
    return Envelope.write(version, Envelope.KIND_MODEL, payloadSize(s, reset, skip), out -> {
      writeFingerprint(out, cfg);
      out.writeInt(s.iterationCount());
      if (reset) {
        out.writeInt(s.momentOrigin());
      }
      out.writeLong(s.modelVersion());
      out.writeLong(s.trainedExamples());
      out.writeLong(s.skippedSteps());
      out.writeDouble(s.emaGradSquared());
      out.writeDouble(s.emaTraceSigma());
      out.writeLong(s.noiseObservations());
      Envelope.writeFloats(out, s.params());
      out.writeBoolean(s.updaterState() != null);
      if (s.updaterState() != null) {
        Envelope.writeFloats(out, s.updaterState());
      }
      out.writeDouble(g.lossEma());
      out.writeDouble(g.lossDev());
      out.writeLong(g.accepted());
      out.writeLong(g.rollbacks());
      // One byte: the previous release wrote a boolean here (0/1) and reads any non-zero byte as
      // true, so the run length stays readable both ways.
      out.writeByte(g.refusedInARow());
      if (skip) {
        out.writeByte(s.skipState().length);
        for (double v : s.skipState()) {
          out.writeDouble(v);
        }
      }
    });
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws ModelException if they are corrupt or were written for another {@code (T, H, F)}
   */
  public static Decoded decode(byte[] bytes, ForecasterConfig cfg) {
    return Envelope.read(bytes, Envelope.KIND_MODEL, "model", 1, Envelope.MODEL_VERSION,
        (format, in) -> {
      int inputs = checkFingerprint(in, cfg);
      int iteration = in.readInt();
      int origin = format >= 2 ? in.readInt() : 0;
      long version = in.readLong();
      long examples = in.readLong();
      long skipped = in.readLong();
      double emaG = in.readDouble();
      double emaS = in.readDouble();
      long observations = in.readLong();
      float[] params = Envelope.readFloats(in, MAX_FLOATS);
      float[] updater = in.readBoolean() ? Envelope.readFloats(in, MAX_FLOATS) : null;
      double lossEma = in.readDouble();
      double lossDev = in.readDouble();
      long accepted = in.readLong();
      long rollbacks = in.readLong();
      int run = in.readUnsignedByte();
      if (run > Byte.MAX_VALUE) {
        throw new IOException("corrupt divergence guard: refusal run " + run);
      }
      double[] skip = new double[format >= 3 ? in.readUnsignedByte() : 0];
      if (skip.length != (format == 3 ? 2 : format >= 4 ? 4 : 0)) {
        throw new IOException("corrupt fast skip: " + skip.length + " values");
      }
      for (int i = 0; i < skip.length; i++) {
        skip[i] = in.readDouble();
        if (!Double.isFinite(skip[i])) {
          throw new IOException("corrupt fast skip: value " + i + " not finite");
        }
      }
      DivergenceGuard guard = new DivergenceGuard(lossEma, lossDev, accepted, rollbacks, run);
      if (!Double.isFinite(guard.lossEma()) || !Double.isFinite(guard.lossDev())
          || guard.accepted() < 0 || guard.rollbacks() < 0) {
        throw new IOException("corrupt divergence guard");
      }
      if (iteration < 0 || origin < 0 || origin > iteration || version < 0 || examples < 0 || skipped < 0 || observations < 0
          || !Double.isFinite(emaG) || !Double.isFinite(emaS)) {
        throw new IOException("corrupt model counters");
      }
      requireFinite(params, "parameters");
      if (updater != null) {
        requireFinite(updater, "updater state");
      }
      if (inputs != ForecasterConfig.INPUTS) {
        params = widenInputs(params, inputs, cfg.hiddenSize(), 1);
        updater = updater == null ? null : widenInputs(updater, inputs, cfg.hiddenSize(), 2);
      }
      return new Decoded(new TrainerSnapshot(params, updater, iteration, version, examples, skipped,
          emaG, emaS, observations, origin, skip), guard);
    });
  }

  /**
   * The architecture {@code {T, H}} a model record was written for, read without decoding the
   * rest (what an export needs to rebuild the network).
   *
   * @throws ModelException if the bytes are not a model record
   */
  public static int[] architecture(byte[] bytes) {
    if (bytes == null || bytes.length < 2 + 3 * Integer.BYTES || bytes[1] != Envelope.KIND_MODEL) {
      throw new ModelException("not a model record");
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes, 2, 2 * Integer.BYTES);
    return new int[] {b.getInt(), b.getInt()};
  }

  /** The exact payload size {@link #encode} writes, so the envelope needs no buffer growth or copy. */
  static int payloadSize(TrainerSnapshot s, boolean reset, boolean skip) {
    int fixed = 3 * Integer.BYTES + Integer.BYTES + (reset ? Integer.BYTES : 0) + 6 * Long.BYTES
        + Integer.BYTES + 1 + 4 * Long.BYTES + 1 + (skip ? 1 + s.skipState().length * Double.BYTES : 0);
    int updater = s.updaterState() == null ? 0 : Integer.BYTES + s.updaterState().length * Float.BYTES;
    return fixed + s.params().length * Float.BYTES + updater;
  }

  private static void writeFingerprint(DataOutputStream out, ForecasterConfig cfg)
      throws IOException {
    out.writeInt(cfg.seqLength());
    out.writeInt(cfg.hiddenSize());
    out.writeInt(ForecasterConfig.INPUTS);
  }

  /** Checks T, H and F; returns F (the current input width or the migratable older one). */
  private static int checkFingerprint(DataInputStream in, ForecasterConfig cfg)
      throws IOException {
    int t = in.readInt();
    int h = in.readInt();
    int f = in.readInt();
    boolean width = f == ForecasterConfig.INPUTS || f == ForecasterConfig.FEATURES;
    if (t != cfg.seqLength() || h != cfg.hiddenSize() || !width) {
      throw new ModelException("model was trained with T=" + t + " H=" + h + " F=" + f
          + " but the configuration has T=" + cfg.seqLength() + " H=" + cfg.hiddenSize()
          + " F=" + ForecasterConfig.INPUTS);
    }
    return f;
  }

  /**
   * Widens {@code copies} concatenated parameter-shaped vectors (1: parameters; 2: Adam's
   * {@code [m | v]}) from {@code inputs} to {@link ForecasterConfig#INPUTS} input rows: the input
   * weight matrix {@code W [F, 4H]} is stored 'f' order (column j holds the F input weights of
   * gate unit j), so each column gets zeros appended; everything after W shifts unchanged.
   */
  static float[] widenInputs(float[] v, int inputs, int hidden, int copies) throws IOException {
    int gates = 4 * hidden;
    int oldN = LstmKernel.numParams(inputs, hidden);
    int newN = LstmKernel.numParams(ForecasterConfig.INPUTS, hidden);
    if (v.length != copies * oldN) {
      throw new IOException("model has " + v.length + " values, expected " + copies * oldN
          + " for F=" + inputs + " H=" + hidden);
    }
    float[] out = new float[copies * newN];
    for (int c = 0; c < copies; c++) {
      int from = c * oldN;
      int to = c * newN;
      for (int j = 0; j < gates; j++) {
        System.arraycopy(v, from + j * inputs, out, to + j * ForecasterConfig.INPUTS, inputs);
      }
      int rest = oldN - gates * inputs;
      System.arraycopy(v, from + gates * inputs, out, to + gates * ForecasterConfig.INPUTS, rest);
    }
    return out;
  }

  private static void requireFinite(float[] values, String what) throws IOException {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IOException("non-finite value in " + what);
      }
    }
  }
}
