package io.tickcast.model.training;

/** Finiteness checks shared by the learner's guards. Stateless. */
final class Finite {

  private Finite() {}

  static boolean all(float[] v) {
    for (float f : v) {
      if (!Float.isFinite(f)) {
        return false;
      }
    }
    return true;
  }

  static boolean all(double[] v) {
    for (double d : v) {
      if (!Double.isFinite(d)) {
        return false;
      }
    }
    return true;
  }

  static double orZero(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
