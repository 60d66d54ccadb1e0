package io.tickcast.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Standalone check behind README's "what limits 2× at S=100": the kernel's four-row {@code axpy}
 * (as {@code kernel.VecOps.matVecAcc}) against a variant that shares each weight row's loads
 * between two sequences. Prints ns per mat-vec for both and their ratio, six rounds (the first
 * ones include JIT warm-up), for the step's shapes: m=32 n=128 (forward, recurrent weights),
 * m=128 n=32 (backward), m=8 n=128 (forward, inputs).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.tickcast.bench.AxpyVariants</pre>
 */
public final class AxpyVariants {

  private static final int BATCH = 16;
  private static final int ITERATIONS = 20_000;

  private AxpyVariants() {}

  public static void main(String[] args) {
    int[][] shapes = {{32, 128}, {128, 32}, {8, 128}};
    for (int[] shape : shapes) {
      run(shape[0], shape[1]);
    }
  }

  private static void run(int m, int n) {
    Random r = new Random(1);
    float[][] rows = new float[m][n];
    for (float[] row : rows) {
      fill(row, r);
    }
    float[][] v = new float[BATCH][m];
    for (float[] x : v) {
      fill(x, r);
    }
    float[][] y = new float[BATCH][n];
    float[][] y2 = new float[BATCH][n];
    for (int rep = 0; rep < 6; rep++) {
      long t0 = System.nanoTime();
      for (int it = 0; it < ITERATIONS; it++) {
        for (int b = 0; b < BATCH; b++) {
          Arrays.fill(y[b], 0f);
          matVec(v[b], rows, m, y[b], n);
        }
      }
      long t1 = System.nanoTime();
      for (int it = 0; it < ITERATIONS; it++) {
        for (int b = 0; b < BATCH; b += 2) {
          Arrays.fill(y2[b], 0f);
          Arrays.fill(y2[b + 1], 0f);
          matVec2(v[b], v[b + 1], rows, m, y2[b], y2[b + 1], n);
        }
      }
      long t2 = System.nanoTime();
      float diff = 0;
      for (int b = 0; b < BATCH; b++) {
        for (int j = 0; j < n; j++) {
          diff = Math.max(diff, Math.abs(y[b][j] - y2[b][j]));
        }
      }
      double per = (double) ITERATIONS * BATCH;
      System.out.printf(Locale.ROOT,
          "m=%d n=%d four-row axpy %.1f ns/mat-vec, two sequences per pass %.1f ns/mat-vec, "
              + "speed ratio %.2f, max diff %g%n",
          m, n, (t1 - t0) / per, (t2 - t1) / per, (double) (t1 - t0) / (t2 - t1), diff);
    }
  }

  private static void fill(float[] a, Random r) {
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat() - 0.5f;
    }
  }

  private static void matVec(float[] v, float[][] rows, int m, float[] y, int n) {
    for (int i = 0; i + 4 <= m; i += 4) {
      float a0 = v[i];
      float a1 = v[i + 1];
      float a2 = v[i + 2];
      float a3 = v[i + 3];
      float[] x0 = rows[i];
      float[] x1 = rows[i + 1];
      float[] x2 = rows[i + 2];
      float[] x3 = rows[i + 3];
      for (int k = 0; k < n; k++) {
        y[k] += a0 * x0[k] + a1 * x1[k] + a2 * x2[k] + a3 * x3[k];
      }
    }
  }

  private static void matVec2(float[] v, float[] u, float[][] rows, int m, float[] y, float[] w,
      int n) {
    for (int i = 0; i + 4 <= m; i += 4) {
      float a0 = v[i];
      float a1 = v[i + 1];
      float a2 = v[i + 2];
      float a3 = v[i + 3];
      float c0 = u[i];
      float c1 = u[i + 1];
      float c2 = u[i + 2];
      float c3 = u[i + 3];
      float[] x0 = rows[i];
      float[] x1 = rows[i + 1];
      float[] x2 = rows[i + 2];
      float[] x3 = rows[i + 3];
      for (int k = 0; k < n; k++) {
        float p0 = x0[k];
        float p1 = x1[k];
        float p2 = x2[k];
        float p3 = x3[k];
        y[k] += a0 * p0 + a1 * p1 + a2 * p2 + a3 * p3;
        w[k] += c0 * p0 + c1 * p1 + c2 * p2 + c3 * p3;
      }
    }
  }
}
