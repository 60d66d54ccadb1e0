package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Drift signal from the gradient noise scale: at a real regime shift the true gradient |G|²
 * jumps (the model is suddenly wrong) while the per-example noise trΣ does not, so
 * {@code B_simple = trΣ/|G|²} collapses. The test compares a fast and a slow EMA of
 * {@code ln B_simple} and alarms when the fast one falls more than {@code ln(collapse)} below the
 * slow one; after an alarm the slow EMA is reset to the fast one and no alarm is possible for
 * {@code refractory} observations.
 *
 * <p>One {@link #add} per optimizer step (not per bar). Non-positive or non-finite estimates (the
 * estimator's "unknown") are skipped. Not thread-safe; state is {@value #STATE_BYTES} bytes.
 */
public final class NoiseScaleDrift {

  static final int TAG = 0x4E;
  static final int VERSION = 1;
  /** Persisted size in bytes. */
  public static final int STATE_BYTES = 2 + 8 * 3 + 4 + 8 * 4;

  private double fastAlpha;
  private double slowAlpha;
  private double logCollapse;
  private final int warmup;
  private double fast;
  private double slow;
  private long seen;
  private long sinceAlarm;

  /**
   * @param fastHalfLife half-life of the fast EMA in steps, >= 1
   * @param slowHalfLife half-life of the slow EMA in steps, > fastHalfLife
   * @param collapse alarm when the fast level is below slow / collapse, > 1
   * @param warmup steps before the first alarm is possible, and after each alarm
   */
  public NoiseScaleDrift(double fastHalfLife, double slowHalfLife, double collapse, int warmup) {
    if (!(fastHalfLife >= 1) || !(slowHalfLife > fastHalfLife) || !(collapse > 1)
        || warmup < 0) {
      throw new IllegalArgumentException(
          "need fastHalfLife >= 1, slowHalfLife > fastHalfLife, collapse > 1, warmup >= 0");
    }
    this.fastAlpha = RlsAr.alpha(fastHalfLife);
    this.slowAlpha = RlsAr.alpha(slowHalfLife);
    this.logCollapse = Math.log(collapse);
    this.warmup = warmup;
  }

  /**
   * Adds one step's noise-scale estimate.
   *
   * @return true when this observation raised an alarm
   */
  public boolean add(double bSimple) {
    if (!(bSimple > 0) || !Double.isFinite(bSimple)) {
      return false;
    }
    double l = Math.log(bSimple);
    if (seen == 0) {
      fast = l;
      slow = l;
    } else {
      fast += fastAlpha * (l - fast);
      slow += slowAlpha * (l - slow);
    }
    seen++;
    sinceAlarm++;
    if (seen > warmup && sinceAlarm > warmup && fast < slow - logCollapse) {
      slow = fast;
      sinceAlarm = 0;
      return true;
    }
    return false;
  }

  /** Current collapse ratio exp(slow − fast) (> 1 means the noise scale is falling). */
  public double ratio() {
    return Math.exp(slow - fast);
  }

  /** Writes the complete state (configuration included), format version {@value #VERSION}. */
  public void writeTo(DataOutput out) throws IOException {
    Codec.header(out, TAG, VERSION);
    out.writeDouble(fastAlpha);
    out.writeDouble(slowAlpha);
    out.writeDouble(logCollapse);
    out.writeInt(warmup);
    out.writeDouble(fast);
    out.writeDouble(slow);
    out.writeLong(seen);
    out.writeLong(sinceAlarm);
  }

  /** Reads a state written by {@link #writeTo}. */
  public static NoiseScaleDrift readFrom(DataInput in) throws IOException {
    Codec.checkHeader(in, TAG, VERSION, "NoiseScaleDrift");
    double fa = in.readDouble();
    double sa = in.readDouble();
    double lc = in.readDouble();
    int warmup = in.readInt();
    if (!(fa > 0 && fa <= 1) || !(sa > 0 && sa < fa) || !(lc > 0) || warmup < 0) {
      throw new IOException("NoiseScaleDrift: configuration out of range");
    }
    NoiseScaleDrift d = new NoiseScaleDrift(1, 2, 2, warmup);
    d.fastAlpha = fa;
    d.slowAlpha = sa;
    d.logCollapse = lc;
    d.fast = in.readDouble();
    d.slow = in.readDouble();
    d.seen = in.readLong();
    d.sinceAlarm = in.readLong();
    return d;
  }

  /** {@link #writeTo} as a byte array. */
  public byte[] toBytes() {
    return Codec.toBytes(this::writeTo);
  }

  /** {@link #readFrom} from a byte array; IllegalArgumentException if corrupt. */
  public static NoiseScaleDrift fromBytes(byte[] bytes) {
    return Codec.fromBytes(bytes, NoiseScaleDrift::readFrom);
  }
}
