package io.tickcast.model.training;

/**
 * A {@link Learner}'s per-step buffers: computation, not state, so they are borrowed from a
 * per-thread pool ({@link ThreadScratch}) for one step or forecast instead of being kept by every
 * live model (together ≈0.2 MB at the defaults). Not thread-safe: one lease at a time.
 */
final class StepScratch {

  /** Proposed parameters, copied into the learner's only on commit. */
  final float[] staging;
  /** Proposed optimizer state, in the persisted layout. */
  final float[] optimizerState;
  final float[] microGrad;
  final float[] clipped;
  final double[] sum;
  /** Mean gradient per micro-batch; its length is the step's k (the noise estimator reads it). */
  double[][] means = new double[0][];
  float[] out = new float[0];
  private final int n;

  StepScratch(int n, int stateLength) {
    this.n = n;
    this.staging = new float[n];
    this.optimizerState = new float[stateLength];
    this.microGrad = new float[n];
    this.clipped = new float[n];
    this.sum = new double[n];
  }

  /** {@link #means} with exactly {@code k} rows. */
  double[][] means(int k) {
    if (means.length != k) {
      means = new double[k][n];
    }
    return means;
  }

  /** {@link #out} with room for {@code length} values. */
  float[] out(int length) {
    if (out.length < length) {
      out = new float[length];
    }
    return out;
  }
}
