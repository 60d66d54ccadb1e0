package io.tickcast.model.persistence;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.adapt.RecoveryTracker;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.features.SequenceRing;
import io.tickcast.model.pipeline.BarFeatures;
import io.tickcast.model.pipeline.DriftMonitor;
import io.tickcast.model.pipeline.ExpertPanel;
import io.tickcast.model.pipeline.PipelineState;
import io.tickcast.model.pipeline.Prediction;
import io.tickcast.model.pipeline.Scorer;
import io.tickcast.model.pipeline.StateStore;
import io.tickcast.model.pipeline.StepPolicy;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The main per-bar state record of a symbol (version 3):
 * <pre>
 *   [3]['S'] [barsSeen long][lastEndMs long] [symbol hash int] [n] n × ([id][length u16][bytes]) [CRC]
 * </pre>
 * The two header longs are the record's version ({@link #peekVersion}), readable without
 * decoding. The symbol hash ({@link #symbolHash}, CRC32 of the symbol's UTF-8 bytes) guards
 * against state restored under the wrong key at a fixed 4 bytes, whatever the symbol's length
 * (version 2 carried the symbol itself, so a 21-character option symbol cost 23 bytes on every
 * bar), and part lengths are unsigned shorts (parts are a few hundred bytes; 10 bytes a bar less
 * than version 2's ints). Parts: 1 features, 2 scorer, 3 drift monitor, 4 step policy, 5 expert
 * panel (the fast experts and the aggregation, issue 10; records without it start it fresh); an
 * unknown part is skipped and a missing one starts fresh, so parts can be added without a
 * version bump. Sequence rows live in their own records ({@link RowCodec}).
 *
 * <p>Older versions are migrated, then written as version 3 on the next bar. Version 2 is
 * version 3 with the symbol as a modified-UTF-8 string instead of its hash, and int part
 * lengths. Version 1 (release 239a6ee: one record with the whole evaluation window and ring) has
 * the window replayed into the decayed sums, the ring's rows rewritten as row records on the
 * next write, the dead fields ({@code hasPrevClose}, the stored skill, the pending forecast's
 * normalised outputs, {@code lastRecoveryBars}) dropped. Stateless and thread-safe.
 */
public final class StateCodec {

  private static final byte FEATURES = 1;
  private static final byte SCORER = 2;
  private static final byte DRIFT = 3;
  private static final byte POLICY = 4;
  private static final byte PANEL = 5;
  /** Largest part a version-3 record frames (its length is an unsigned short). */
  private static final int MAX_PART = 0xFFFF;

  private StateCodec() {}

  /**
   * The version of a main record: {@code {barsSeen, lastEndMs}}, read from the header that
   * versions 2 and 3 share; null if it is not such a record (null, version 1, another kind).
   */
  public static long[] peekVersion(byte[] bytes) {
    if (bytes == null || bytes.length < 18 || bytes[0] < 2 || bytes[0] > Envelope.STATE_VERSION
        || bytes[1] != Envelope.KIND_STATE) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 2, 16);
    return new long[] {b.getLong(), b.getLong()};
  }

  /** The state as a version-3 record (the parts, behind the header and the symbol's hash). */
  public static byte[] encode(PipelineState s) {
    return Envelope.write(Envelope.STATE_VERSION, Envelope.KIND_STATE, out -> {
      out.writeLong(s.features().barsSeen());
      out.writeLong(s.features().lastEndMs());
      out.writeInt(symbolHash(s.symbol()));
      out.writeByte(5);
      part(out, FEATURES, s.features()::writeTo);
      part(out, SCORER, s.scorer()::writeTo);
      part(out, DRIFT, s.drift()::writeTo);
      part(out, POLICY, s.policy()::writeTo);
      part(out, PANEL, s.panel()::writeTo);
    });
  }

  private static void part(DataOutputStream out, byte id, Envelope.PayloadWriter w)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    DataOutputStream d = new DataOutputStream(bytes);
    w.write(d);
    d.flush();
    if (bytes.size() > MAX_PART) {
      throw new IOException("part " + id + " is " + bytes.size() + " bytes, over " + MAX_PART);
    }
    out.writeByte(id);
    out.writeShort(bytes.size());
    bytes.writeTo(out);
  }

  /**
   * The 4-byte guard a version-3 record stores for {@code symbol}: CRC32 of its UTF-8 bytes.
   * Two different symbols of the same length that differ within 4 consecutive bytes (so any two
   * of up to 4 bytes) never share it, as CRC32 detects every burst of up to 32 bits; other pairs
   * share it with probability 2<sup>-32</sup>. That guards against a misrouted key, the only
   * risk here (keys are not chosen to collide), as well as the symbol did.
   */
  static int symbolHash(String symbol) {
    CRC32 crc = new CRC32();
    crc.update(symbol.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /**
   * Decodes a main record (any version), reading the sequence rows from {@code rows}.
   *
   * @throws ModelException if it is corrupt, for another symbol, or its rows are missing
   */
  public static PipelineState decode(byte[] bytes, String symbol, ForecasterConfig cfg,
      StateStore rows) {
    return Envelope.read(bytes, Envelope.KIND_STATE, "state", 1, Envelope.STATE_VERSION,
        (version, in) -> version == 1 ? readVersion1(in, symbol, cfg)
            : readParts(version, in, symbol, cfg, rows));
  }

  private static void checkSymbol(String stored, String symbol) throws IOException {
    if (!stored.equals(symbol)) {
      throw new IOException("state belongs to symbol '" + stored + "', not '" + symbol + "'");
    }
  }

  private static void checkSymbol(int storedHash, String symbol) throws IOException {
    int expected = symbolHash(symbol);
    if (storedHash != expected) {
      throw new IOException(String.format(
          "state belongs to another symbol (symbol hash %08x), not '%s' (hash %08x)", storedHash,
          symbol, expected));
    }
  }

  /**
   * Versions 2 and 3: the same list of parts, after the symbol and with int lengths (2) or after
   * its hash and with unsigned short lengths (3).
   */
  private static PipelineState readParts(int version, DataInputStream in, String symbol,
      ForecasterConfig cfg, StateStore rows) throws IOException {
    long barsSeen = in.readLong();
    long lastEndMs = in.readLong();
    if (version == 2) {
      checkSymbol(in.readUTF(), symbol);
    } else {
      checkSymbol(in.readInt(), symbol);
    }
    PipelineState fresh = PipelineState.fresh(symbol, cfg);
    BarFeatures features = null;
    Scorer scorer = fresh.scorer();
    DriftMonitor drift = fresh.drift();
    StepPolicy policy = fresh.policy();
    ExpertPanel panel = fresh.panel();
    int parts = in.readUnsignedByte();
    for (int i = 0; i < parts; i++) {
      byte id = in.readByte();
      int length = version == 2 ? in.readInt() : in.readUnsignedShort();
      if (length < 0 || length > in.available()) {
        throw new IOException("part " + id + " length " + length);
      }
      byte[] payload = in.readNBytes(length);
      DataInputStream p = new DataInputStream(new java.io.ByteArrayInputStream(payload));
      switch (id) {
        case FEATURES -> features = BarFeatures.readFrom(p, cfg, barsSeen, lastEndMs, rows);
        case SCORER -> scorer = Scorer.readFrom(p, cfg);
        case DRIFT -> drift = DriftMonitor.readFrom(p, cfg);
        case POLICY -> policy = StepPolicy.readFrom(p, cfg);
        case PANEL -> panel = ExpertPanel.readFrom(p);
        default -> {
          continue; // a part of a newer release: its owner is not here
        }
      }
      if (p.available() != 0) {
        throw new IOException("part " + id + " has " + p.available() + " trailing bytes");
      }
    }
    if (features == null) {
      throw new IOException("state has no features part");
    }
    return new PipelineState(symbol, features, scorer, drift, policy, panel);
  }

  /** The release-1 layout of {@code SymbolState.writeTo} at 239a6ee. */
  private static PipelineState readVersion1(DataInputStream in, String symbol,
      ForecasterConfig cfg) throws IOException {
    checkSymbol(in.readUTF(), symbol);
    in.readBoolean(); // hasPrevClose: always barsSeen > 0
    double prevClose = in.readDouble();
    long lastEndMs = in.readLong();
    long barsSeen = in.readLong();
    int pending = in.readInt();
    EwNormalizer f = EwNormalizer.readFrom(in, ForecasterConfig.FEATURES, cfg.normHalfLifeBars());
    EwNormalizer t = EwNormalizer.readFrom(in, 1, cfg.normHalfLifeBars());
    float[][] rows = SequenceRing.readVersion1Rows(in, ForecasterConfig.FEATURES,
        ForecasterConfig.INPUTS);
    Prediction p = null;
    if (in.readBoolean()) {
      in.readDouble(); // mu: dead
      in.readDouble(); // logSigma: dead
      p = Scorer.prediction(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }
    Scorer scorer = Scorer.readVersion1(p, in, cfg);
    double[] ph = {in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()};
    RecoveryTracker recovery = RecoveryTracker.readFrom(in, cfg.adapt().recoveryWindow(),
        DriftMonitor.RECOVERY_TOLERANCE);
    int currentBatch = in.readInt();
    long drifts = in.readLong();
    in.readLong(); // lastRecoveryBars: never read
    if (drifts < 0) {
      throw new IOException("corrupt adaptivity state");
    }
    // Capacity -1: the rows were never stored as row records, so all are rewritten.
    BarFeatures features = BarFeatures.restore(cfg, f, t, prevClose, barsSeen, lastEndMs, rows,
        -1);
    return new PipelineState(symbol, features, scorer,
        DriftMonitor.restore(cfg, ph, recovery, drifts),
        StepPolicy.restore(cfg, currentBatch, pending), ExpertPanel.fresh());
  }
}
