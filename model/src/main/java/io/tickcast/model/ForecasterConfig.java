package io.tickcast.model;

/**
 * Hyper-parameters of one symbol's online forecaster. Immutable; the compact constructor
 * validates every field and throws {@link IllegalArgumentException} naming the field.
 *
 * <p>Units: lengths and windows are in bars (event-time bars, not wall clock); learning rate is
 * per optimizer update.
 *
 * @param seqLength T, feature rows per input sequence
 * @param hiddenSize H, LSTM units
 * @param batchSize B, labelled examples per optimizer step
 * @param refBatchSize B_ref of the linear scaling rule
 * @param learningRate lr_ref at B_ref; the step uses {@code lr_ref * B / B_ref} with linear
 *     warm-up over the first {@code warmupUpdates} updates
 * @param warmupUpdates updates of linear learning-rate warm-up (0 = none)
 * @param clipNorm global L2 gradient-norm clip (0 = off)
 * @param microBatches k micro-batches per step for gradient-noise estimation; the effective k is
 *     {@code min(k, B)}; no noise estimate when it is below 2
 * @param normHalfLifeBars half-life in bars of the exponentially weighted feature/target normaliser
 * @param evalWindow forecasts in the windowed prequential metrics
 * @param gateMinSkill the model is published only when windowed skill is above this
 * @param gateMinScored ... and at least this many forecasts were scored in the window
 * @param ewmaReturnAlpha smoothing of the EWMA return baseline, in (0, 1]
 * @param riskMetricsLambda decay of the RiskMetrics EWMA variance baseline, in (0, 1)
 * @param seed seed of weight initialisation
 */
public record ForecasterConfig(
    int seqLength,
    int hiddenSize,
    int batchSize,
    int refBatchSize,
    double learningRate,
    int warmupUpdates,
    double clipNorm,
    int microBatches,
    double normHalfLifeBars,
    int evalWindow,
    double gateMinSkill,
    int gateMinScored,
    double ewmaReturnAlpha,
    double riskMetricsLambda,
    long seed) {

  /** F: features per bar (log return, log range, log volume, log ticks, log close/vwap). */
  public static final int FEATURES = 5;

  public ForecasterConfig {
    atLeast("seqLength", seqLength, 1);
    atLeast("hiddenSize", hiddenSize, 1);
    atLeast("batchSize", batchSize, 1);
    atLeast("refBatchSize", refBatchSize, 1);
    positive("learningRate", learningRate);
    atLeast("warmupUpdates", warmupUpdates, 0);
    if (!Double.isFinite(clipNorm) || clipNorm < 0) {
      throw new IllegalArgumentException("clipNorm must be finite and >= 0, was " + clipNorm);
    }
    atLeast("microBatches", microBatches, 1);
    positive("normHalfLifeBars", normHalfLifeBars);
    atLeast("evalWindow", evalWindow, 1);
    if (!Double.isFinite(gateMinSkill)) {
      throw new IllegalArgumentException("gateMinSkill must be finite, was " + gateMinSkill);
    }
    atLeast("gateMinScored", gateMinScored, 0);
    if (!(ewmaReturnAlpha > 0 && ewmaReturnAlpha <= 1)) {
      throw new IllegalArgumentException(
          "ewmaReturnAlpha must be in (0, 1], was " + ewmaReturnAlpha);
    }
    if (!(riskMetricsLambda > 0 && riskMetricsLambda < 1)) {
      throw new IllegalArgumentException(
          "riskMetricsLambda must be in (0, 1), was " + riskMetricsLambda);
    }
  }

  /** The documented defaults (T=32, H=32, B=16, lr 1e-3 at B_ref=16, ...). */
  public static ForecasterConfig defaults() {
    return new ForecasterConfig(32, 32, 16, 16, 1e-3, 10, 1.0, 2, 500.0, 500, 0.0, 50, 0.05, 0.94,
        42L);
  }

  /** Micro-batches actually used per step: {@code min(microBatches, batchSize)}. */
  public int effectiveMicroBatches() {
    return Math.min(microBatches, batchSize);
  }

  /** Copy with a different sequence length. */
  public ForecasterConfig withSeqLength(int value) {
    return new ForecasterConfig(value, hiddenSize, batchSize, refBatchSize, learningRate,
        warmupUpdates, clipNorm, microBatches, normHalfLifeBars, evalWindow, gateMinSkill,
        gateMinScored, ewmaReturnAlpha, riskMetricsLambda, seed);
  }

  /** Copy with a different hidden size. */
  public ForecasterConfig withHiddenSize(int value) {
    return new ForecasterConfig(seqLength, value, batchSize, refBatchSize, learningRate,
        warmupUpdates, clipNorm, microBatches, normHalfLifeBars, evalWindow, gateMinSkill,
        gateMinScored, ewmaReturnAlpha, riskMetricsLambda, seed);
  }

  /** Copy with a different batch size. */
  public ForecasterConfig withBatchSize(int value) {
    return new ForecasterConfig(seqLength, hiddenSize, value, refBatchSize, learningRate,
        warmupUpdates, clipNorm, microBatches, normHalfLifeBars, evalWindow, gateMinSkill,
        gateMinScored, ewmaReturnAlpha, riskMetricsLambda, seed);
  }

  /** Copy with a different reference learning rate. */
  public ForecasterConfig withLearningRate(double value) {
    return new ForecasterConfig(seqLength, hiddenSize, batchSize, refBatchSize, value,
        warmupUpdates, clipNorm, microBatches, normHalfLifeBars, evalWindow, gateMinSkill,
        gateMinScored, ewmaReturnAlpha, riskMetricsLambda, seed);
  }

  /** Copy with a different micro-batch count. */
  public ForecasterConfig withMicroBatches(int value) {
    return new ForecasterConfig(seqLength, hiddenSize, batchSize, refBatchSize, learningRate,
        warmupUpdates, clipNorm, value, normHalfLifeBars, evalWindow, gateMinSkill,
        gateMinScored, ewmaReturnAlpha, riskMetricsLambda, seed);
  }

  private static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
  }

  private static void positive(String field, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new IllegalArgumentException(field + " must be finite and > 0, was " + value);
    }
  }
}
