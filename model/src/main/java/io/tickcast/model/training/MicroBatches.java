package io.tickcast.model.training;

import java.util.Arrays;

/**
 * A batch's gradient as contiguous micro-batch gradients at the same parameters (the learner's
 * gradient accumulation, which also yields the micro-batch means the noise estimator needs).
 * Stateless and thread-safe; the backend is the caller's.
 */
final class MicroBatches {

  private MicroBatches() {}

  /** Micro-batch {@code j}'s size: sizes differ by at most one, the larger ones first. */
  static int size(int batch, int k, int j) {
    return batch / k + (j < batch % k ? 1 : 0);
  }

  /**
   * Fills {@code sum} (overwritten), {@code means} and {@code sizes}; returns the mean loss.
   *
   * @param bpttSteps time steps backpropagation runs through
   * @param microGrad scratch of the parameter count
   */
  static double gradient(GradientBackend backend, float[] x, float[] y, int batch,
      int seqLength, int bpttSteps, int k, double[] sum, double[][] means, int[] sizes,
      float[] microGrad) {
    return gradient((from, size, grad) -> backend.gradient(x, y, from, size, seqLength,
        bpttSteps, grad), batch, k, sum, means, sizes, microGrad);
  }

  /**
   * As above on the labels the skip's step leaves: it takes the batch's outputs at the current
   * parameters, whose forward pass the micro-batches reuse
   * ({@link GradientBackend#gradientsAfterOutputs}); with the skip off, on the labels alone.
   */
  static double gradient(GradientBackend backend, float[] x, FastSkip.Step skip, int batch,
      int seqLength, int bpttSteps, int k, double[] sum, double[][] means, int[] sizes,
      float[] microGrad) {
    if (!skip.needsOutputs()) {
      return gradient(backend, x, skip.labels(), batch, seqLength, bpttSteps, k, sum, means,
          sizes, microGrad);
    }
    return backend.gradientsAfterOutputs(x, batch, seqLength, bpttSteps, skip,
        g -> gradient(g, batch, k, sum, means, sizes, microGrad));
  }

  /** A whole batch's gradient into fresh buffers (no skip). */
  static Learner.BatchGradient of(GradientBackend backend, float[] x, float[] y, int batch,
      int seqLength, int bpttSteps, int k, int n) {
    double[] sum = new double[n];
    double[][] means = new double[k][n];
    int[] sizes = new int[k];
    double loss = gradient(backend, x, y, batch, seqLength, bpttSteps, k, sum, means, sizes,
        new float[n]);
    return new Learner.BatchGradient(sum, means, sizes, loss);
  }

  private static double gradient(GradientBackend.MicroGradient micro, int batch, int k,
      double[] sum, double[][] means, int[] sizes, float[] microGrad) {
    Arrays.fill(sum, 0);
    double lossSum = 0;
    int from = 0;
    for (int j = 0; j < k; j++) {
      int size = size(batch, k, j);
      lossSum += micro.gradient(from, size, microGrad);
      double[] mean = means[j];
      for (int i = 0; i < sum.length; i++) {
        double g = microGrad[i];
        sum[i] += g;
        mean[i] = g / size;
      }
      sizes[j] = size;
      from += size;
    }
    return lossSum / batch;
  }
}
