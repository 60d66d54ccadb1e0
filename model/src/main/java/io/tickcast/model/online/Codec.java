package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Helpers of the package's compact codecs (the expert panel's part of the per-bar state): the
 * state is held at the codec's precision after every update (float, or the 16-bit grids below),
 * so writing it restores it exactly.
 *
 * <p>16-bit grids, for the one- and two-parameter experts (the per-bar record has a 1 KB
 * budget): a coefficient in steps of 1/{@value #COEF_STEPS} within ±{@value #COEF_MAX}; a
 * positive gain P below its cap as log₂(P/cap) in steps of 1/{@value #LOG_STEPS} (relative
 * precision about 0.07 %). An RLS step moves either by far more than one step.
 */
final class Codec {

  /** Largest coefficient on the 16-bit grid (on scaled inputs, far beyond any stationary AR). */
  static final double COEF_MAX = 7.99;
  /** Steps per unit of the 16-bit coefficient grid. */
  static final double COEF_STEPS = 4096;
  /** Steps per octave of the 16-bit log grid of P. */
  static final double LOG_STEPS = 1024;

  private Codec() {}

  /** The coefficient clamped to ±{@link #COEF_MAX} and rounded to the 16-bit grid. */
  static double coef16(double a) {
    return Math.round(Math.max(-COEF_MAX, Math.min(COEF_MAX, a)) * COEF_STEPS) / COEF_STEPS;
  }

  static void writeCoef16(DataOutput out, double a) throws IOException {
    out.writeShort((int) Math.round(coef16(a) * COEF_STEPS));
  }

  static double readCoef16(DataInput in, String what) throws IOException {
    double a = in.readShort() / COEF_STEPS;
    if (Math.abs(a) > COEF_MAX) {
      throw new IOException(what + ": corrupt coefficient " + a);
    }
    return a;
  }

  private static short log16(double p, double cap) {
    double steps = Math.round(Math.log(p / cap) / Math.log(2) * LOG_STEPS);
    return (short) Math.max(Short.MIN_VALUE, Math.min(0, steps));
  }

  /** P in (0, cap] rounded to the 16-bit log grid (floored at cap·2^−32). */
  static double gain16(double p, double cap) {
    return cap * Math.pow(2, log16(p, cap) / LOG_STEPS);
  }

  static void writeGain16(DataOutput out, double p, double cap) throws IOException {
    out.writeShort(log16(p, cap));
  }

  static double readGain16(DataInput in, double cap, String what) throws IOException {
    short e = in.readShort();
    if (e > 0) {
      throw new IOException(what + ": corrupt gain, log2 P/cap " + e / LOG_STEPS + " > 0");
    }
    return cap * Math.pow(2, e / LOG_STEPS);
  }

  static void round(double[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) a[i];
    }
  }

  static void writeFloats(DataOutput out, double[] a) throws IOException {
    for (double v : a) {
      out.writeFloat((float) v);
    }
  }

  static void readFloats(DataInput in, double[] a) throws IOException {
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readFloat();
    }
  }
}
