package io.tickcast.model.training;

import io.tickcast.model.ModelException;

/**
 * Everything that defines a trainer's model: parameters, Adam state and the counters that must
 * survive a restart for training to continue exactly (the iteration count drives Adam's bias
 * correction and the learning-rate warm-up).
 *
 * @param params flattened network parameters (float32, DL4J's flattening order)
 * @param updaterState the optimizer's state, Adam's {@code [m | v]} (DL4J's updater-view layout)
 * @param iterationCount optimizer iterations applied (bias correction and warm-up)
 * @param modelVersion parameter updates (optimizer steps and head refits) applied
 * @param trainedExamples labelled examples consumed by those updates
 * @param skippedSteps steps rejected by the non-finite guard
 * @param emaGradSquared noise-scale EMA of |G|²
 * @param emaTraceSigma noise-scale EMA of tr Σ
 * @param noiseObservations observations folded into those EMAs
 * @param momentOrigin the iteration count at the last optimizer reset (0 = never reset): Adam's
 *     bias correction counts the steps since then, so the steps after a reset are a fresh Adam's
 * @param skipState the {@link FastSkip}'s coefficients and precision {@code [θ, P]}; empty for a
 *     model without the skip (θ = 0: the network alone)
 */
public record TrainerSnapshot(
    float[] params,
    float[] updaterState,
    int iterationCount,
    long modelVersion,
    long trainedExamples,
    long skippedSteps,
    double emaGradSquared,
    double emaTraceSigma,
    long noiseObservations,
    int momentOrigin,
    double[] skipState) {

  public TrainerSnapshot {
    java.util.Objects.requireNonNull(skipState, "skipState");
  }

  /** A snapshot of a learner without the skip's state (θ = 0, P = 0: the network alone). */
  public TrainerSnapshot(float[] params, float[] updaterState, int iterationCount,
      long modelVersion, long trainedExamples, long skippedSteps, double emaGradSquared,
      double emaTraceSigma, long noiseObservations, int momentOrigin) {
    this(params, updaterState, iterationCount, modelVersion, trainedExamples, skippedSteps,
        emaGradSquared, emaTraceSigma, noiseObservations, momentOrigin, new double[0]);
  }

  /** Whether the snapshot holds a skip's state (else it is the network alone). */
  public boolean hasSkip() {
    return skipState.length > 0;
  }

  /** The share θ of the linear forecast ({@link FastSkip}; 0 without the skip). */
  public double skip() {
    return skipState.length == 0 ? 0 : skipState[0];
  }

  /** The network's gain g ({@link FastSkip}; 1 without the gain). */
  public double networkGain() {
    return FastSkip.gain(skipState);
  }

  /** A snapshot of a learner whose optimizer was never reset (the pre-reset-clock layout). */
  public TrainerSnapshot(float[] params, float[] updaterState, int iterationCount,
      long modelVersion, long trainedExamples, long skippedSteps, double emaGradSquared,
      double emaTraceSigma, long noiseObservations) {
    this(params, updaterState, iterationCount, modelVersion, trainedExamples, skippedSteps,
        emaGradSquared, emaTraceSigma, noiseObservations, 0);
  }

  /**
   * Checks that this snapshot fits a learner of {@code n} parameters whose optimizer state has
   * {@code stateLength} values.
   *
   * @throws ModelException naming what does not fit
   */
  void checkFits(int n, int stateLength) {
    if (params.length != n) {
      throw new ModelException("snapshot has " + params.length + " parameters, network has " + n);
    }
    int actual = updaterState == null ? 0 : updaterState.length;
    if (actual != stateLength) {
      throw new ModelException("snapshot updater state has " + actual
          + " values, the optimizer expects " + stateLength);
    }
    for (double v : skipState) {
      if (!Double.isFinite(v)) {
        throw new ModelException("snapshot skip state is not finite");
      }
    }
    if (momentOrigin < 0 || momentOrigin > iterationCount) {
      throw new ModelException("snapshot optimizer reset at iteration " + momentOrigin
          + " is outside 0.." + iterationCount);
    }
  }
}
