package io.tickcast.model.kernel;

/**
 * The kernel's inner loops over whole {@code float[]} rows, all indexed from 0 so HotSpot C2
 * auto-vectorises them (see {@link LstmKernel}'s performance notes). Stateless.
 */
final class VecOps {

  private VecOps() {}

  /** {@code y[0..n) += Σ_i v[i] · rows[i][0..n)} for i < m, four rows per pass. */
  static void matVecAcc(float[] v, float[][] rows, int m, float[] y, int n) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      axpy4(v[i], v[i + 1], v[i + 2], v[i + 3], rows[i], rows[i + 1], rows[i + 2], rows[i + 3],
          y, n);
    }
    for (; i < m; i++) {
      axpy(v[i], rows[i], y, n);
    }
  }

  /** {@code y[0..n) += a·x[0..n)}. */
  static void axpy(float a, float[] x, float[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] += a * x[i];
    }
  }

  /** {@code y[0..n) += a0·x0 + a1·x1 + a2·x2 + a3·x3}: one load/store of y per four products. */
  static void axpy4(float a0, float a1, float a2, float a3,
      float[] x0, float[] x1, float[] x2, float[] x3, float[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] += a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
    }
  }
}
