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
   * @param outputs receives the raw outputs {@code [batch][2]} of the gradients' forward passes
   *     (null: not wanted)
   */
  static double gradient(GradientBackend backend, float[] x, float[] y, int batch,
      int seqLength, int bpttSteps, int k, double[] sum, double[][] means, int[] sizes,
      float[] microGrad, float[] outputs) {
    Arrays.fill(sum, 0);
    double lossSum = 0;
    int from = 0;
    for (int j = 0; j < k; j++) {
      int size = size(batch, k, j);
      lossSum += outputs == null
          ? backend.gradient(x, y, from, size, seqLength, bpttSteps, microGrad)
          : backend.gradient(x, y, from, size, seqLength, bpttSteps, microGrad, outputs);
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
