package io.tickcast.model;

import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.HeadRefit;
import java.util.Objects;

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
 * @param adapt regime adaptivity: drift detection, adaptive batch size, recovery measurement
 * @param replay replay window: a step every k bars on B sequences drawn from the last W
 * @param bpttLength K, time steps backpropagation runs through (truncated BPTT: the forward pass
 *     still covers all T steps, gradients flow back through the last K only, which makes a step
 *     roughly {@code (1 + 2K/T)/3} as costly); 0 or {@code >= seqLength} = full BPTT
 * @param headRefit the catch-up's closed-form refit of the head's mean row ({@link HeadRefit})
 * @param fastSkip the learned skip from the linear expert's forecast to the mean
 *     ({@link FastSkip})
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
    long seed,
    Adaptivity adapt,
    Replay replay,
    int bpttLength,
    HeadRefit headRefit,
    FastSkip fastSkip) {

  /**
   * Replay training (issue 10; defaults from the bench regime suite): one optimizer step every
   * {@code every} labelled bars on B sequences drawn from the last {@code window} labelled ones,
   * the newest always in, the rest with probability ∝ 2^(−age/halfLife), with replacement.
   * {@code window} 0 = off: a step on the B newest sequences once B were labelled (the first
   * release's behaviour).
   *
   * @param every k, labelled bars between steps (≥ 1)
   * @param window W, labelled sequences kept for replay (0 = off); the ring holds T + W rows
   * @param halfLife recency half-life of the draw, in sequences (> 0)
   */
  public record Replay(int every, int window, double halfLife) {

    public Replay {
      atLeast("replay.every", every, 1);
      atLeast("replay.window", window, 0);
      positive("replay.halfLife", halfLife);
    }

    /** k 4, W 256, half-life 64 (the regime suite's sweep). */
    public static Replay defaults() {
      return new Replay(4, 256, 64);
    }

    /** No replay: a step on the newest B sequences once B were labelled. */
    public static Replay off() {
      return new Replay(1, 0, 64);
    }

    /** Whether replay is on. */
    public boolean on() {
      return window > 0;
    }
  }

  /** The canonical constructor without replay ({@link Replay#off()}). */
  public ForecasterConfig(int seqLength, int hiddenSize, int batchSize, int refBatchSize,
      double learningRate, int warmupUpdates, double clipNorm, int microBatches,
      double normHalfLifeBars, int evalWindow, double gateMinSkill, int gateMinScored,
      double ewmaReturnAlpha, double riskMetricsLambda, long seed, Adaptivity adapt) {
    this(seqLength, hiddenSize, batchSize, refBatchSize, learningRate, warmupUpdates, clipNorm,
        microBatches, normHalfLifeBars, evalWindow, gateMinSkill, gateMinScored, ewmaReturnAlpha,
        riskMetricsLambda, seed, adapt, Replay.off());
  }

  /** The canonical constructor with full BPTT ({@code bpttLength} 0). */
  public ForecasterConfig(int seqLength, int hiddenSize, int batchSize, int refBatchSize,
      double learningRate, int warmupUpdates, double clipNorm, int microBatches,
      double normHalfLifeBars, int evalWindow, double gateMinSkill, int gateMinScored,
      double ewmaReturnAlpha, double riskMetricsLambda, long seed, Adaptivity adapt,
      Replay replay) {
    this(seqLength, hiddenSize, batchSize, refBatchSize, learningRate, warmupUpdates, clipNorm,
        microBatches, normHalfLifeBars, evalWindow, gateMinSkill, gateMinScored, ewmaReturnAlpha,
        riskMetricsLambda, seed, adapt, replay, 0);
  }

  /** The canonical constructor with the default head refit ({@link HeadRefit#defaults()}). */
  public ForecasterConfig(int seqLength, int hiddenSize, int batchSize, int refBatchSize,
      double learningRate, int warmupUpdates, double clipNorm, int microBatches,
      double normHalfLifeBars, int evalWindow, double gateMinSkill, int gateMinScored,
      double ewmaReturnAlpha, double riskMetricsLambda, long seed, Adaptivity adapt,
      Replay replay, int bpttLength) {
    this(seqLength, hiddenSize, batchSize, refBatchSize, learningRate, warmupUpdates, clipNorm,
        microBatches, normHalfLifeBars, evalWindow, gateMinSkill, gateMinScored, ewmaReturnAlpha,
        riskMetricsLambda, seed, adapt, replay, bpttLength, HeadRefit.defaults());
  }

  /** All fields but the skip, which is the default ({@link #DEFAULT_SKIP}). */
  public ForecasterConfig(int seqLength, int hiddenSize, int batchSize, int refBatchSize,
      double learningRate, int warmupUpdates, double clipNorm, int microBatches,
      double normHalfLifeBars, int evalWindow, double gateMinSkill, int gateMinScored,
      double ewmaReturnAlpha, double riskMetricsLambda, long seed, Adaptivity adapt,
      Replay replay, int bpttLength, HeadRefit headRefit) {
    this(seqLength, hiddenSize, batchSize, refBatchSize, learningRate, warmupUpdates, clipNorm,
        microBatches, normHalfLifeBars, evalWindow, gateMinSkill, gateMinScored, ewmaReturnAlpha,
        riskMetricsLambda, seed, adapt, replay, bpttLength, headRefit, DEFAULT_SKIP);
  }

  /**
   * The skip every constructor without one uses: on, λ {@value FastSkip#FORGETTING} (issue 10;
   * {@link FastSkip}; bench/results/regime-skipdef).
   */
  public static final FastSkip DEFAULT_SKIP = FastSkip.defaults();

  /** Copy with another truncated-BPTT length K (0 = full). */
  public ForecasterConfig withBpttLength(int value) {
    return toBuilder().bpttLength(value).build();
  }

  /** The backprop length a step uses on sequences of length {@code seqLength}: K, at most T. */
  public int bpttSteps(int seqLength) {
    return bpttLength == 0 ? seqLength : Math.min(bpttLength, seqLength);
  }

  /** Copy with another fast skip ({@link FastSkip#off()}: the network alone). */
  public ForecasterConfig withFastSkip(FastSkip value) {
    return toBuilder().fastSkip(value).build();
  }

  /** Copy with another head refit ({@link HeadRefit}). */
  public ForecasterConfig withHeadRefit(HeadRefit value) {
    return toBuilder().headRefit(value).build();
  }

  /** Copy with other replay settings. */
  public ForecasterConfig withReplay(Replay value) {
    return toBuilder().replay(value).build();
  }

  /**
   * Regime adaptivity settings.
   *
   * @param adaptiveBatch B follows the measured noise scale within [minBatchSize, maxBatchSize]
   *     (else B stays {@code batchSize}, also after a drift)
   * @param minBatchSize B_min, where an adaptive B drops after a drift
   * @param maxBatchSize B_max of adaptive mode
   * @param driftDelta Page-Hinkley tolerated increase of the clipped squared standardised error
   * @param driftLambda Page-Hinkley alarm threshold
   * @param resetMomentsOnDrift zero Adam's moment estimates on a drift alarm
   * @param recoveryWindow scored bars in the rolling error ratio of the recovery measurement
   */
  public record Adaptivity(boolean adaptiveBatch, int minBatchSize, int maxBatchSize,
      double driftDelta, double driftLambda, boolean resetMomentsOnDrift, int recoveryWindow) {

    public Adaptivity {
      atLeast("minBatchSize", minBatchSize, 1);
      atLeast("maxBatchSize", maxBatchSize, minBatchSize);
      if (!(driftDelta >= 0) || !Double.isFinite(driftDelta)) {
        throw new IllegalArgumentException("driftDelta must be finite and >= 0, was " + driftDelta);
      }
      positive("driftLambda", driftLambda);
      atLeast("recoveryWindow", recoveryWindow, 2);
    }

    /** Fixed B; drift detection on (delta 0.5, lambda 30); B_min 2, B_max 256; window 50. */
    public static Adaptivity defaults() {
      return new Adaptivity(false, 2, 256, 0.5, 30.0, false, 50);
    }

    /** Copy with adaptive batch size switched on or off. */
    public Adaptivity withAdaptiveBatch(boolean value) {
      return new Adaptivity(value, minBatchSize, maxBatchSize, driftDelta, driftLambda,
          resetMomentsOnDrift, recoveryWindow);
    }
  }

  /** The canonical constructor with {@link Adaptivity#defaults()}. */
  public ForecasterConfig(int seqLength, int hiddenSize, int batchSize, int refBatchSize,
      double learningRate, int warmupUpdates, double clipNorm, int microBatches,
      double normHalfLifeBars, int evalWindow, double gateMinSkill, int gateMinScored,
      double ewmaReturnAlpha, double riskMetricsLambda, long seed) {
    this(seqLength, hiddenSize, batchSize, refBatchSize, learningRate, warmupUpdates, clipNorm,
        microBatches, normHalfLifeBars, evalWindow, gateMinSkill, gateMinScored, ewmaReturnAlpha,
        riskMetricsLambda, seed, Adaptivity.defaults());
  }

  /** Largest batch a step can use: {@code batchSize}, or B_max in adaptive mode. */
  public int maxBatch() {
    return adapt.adaptiveBatch() ? Math.max(batchSize, adapt.maxBatchSize()) : batchSize;
  }

  /** Copy with other adaptivity settings. */
  public ForecasterConfig withAdapt(Adaptivity value) {
    return toBuilder().adapt(value).build();
  }

  /** F: features per bar (log return, log range, log volume, log ticks, log close/vwap). */
  public static final int FEATURES = 5;

  /**
   * Fast forecasts fed to the network with each bar: the linear expert's (online AR(5) by RLS,
   * forgetting 0.99) forecast of the next return, in label units. Issue 10: the LSTM can lean on
   * a component that re-learns a linear shift in tens of bars and learn what it cannot; adding
   * the momentum expert's forecast as a second input measured worse on the regime suite.
   */
  public static final int FAST_INPUTS = 1;

  /** Network inputs per bar: the {@link #FEATURES} normalised bar features, then the fast ones. */
  public static final int INPUTS = FEATURES + FAST_INPUTS;

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
    Objects.requireNonNull(adapt, "adapt");
    Objects.requireNonNull(replay, "replay");
    atLeast("bpttLength", bpttLength, 0);
    Objects.requireNonNull(headRefit, "headRefit");
    Objects.requireNonNull(fastSkip, "fastSkip");
  }

  /**
   * The documented defaults (T=32, H=32, B=16, lr 3e-3 at B_ref=16, replay: a step every 4 bars
   * from the last 256 sequences, recency half-life 64, ...).
   */
  public static ForecasterConfig defaults() {
    return new ForecasterConfig(32, 32, 16, 16, 3e-3, 10, 1.0, 2, 500.0, 500, 0.0, 50, 0.05, 0.94,
        42L, Adaptivity.defaults(), Replay.defaults(), 0);
  }

  /** Micro-batches actually used per step: {@code min(microBatches, batchSize)}. */
  public int effectiveMicroBatches() {
    return Math.min(microBatches, batchSize);
  }

  /** Copy with a different sequence length. */
  public ForecasterConfig withSeqLength(int value) {
    return toBuilder().seqLength(value).build();
  }

  /** Copy with a different hidden size. */
  public ForecasterConfig withHiddenSize(int value) {
    return toBuilder().hiddenSize(value).build();
  }

  /** Copy with a different batch size. */
  public ForecasterConfig withBatchSize(int value) {
    return toBuilder().batchSize(value).build();
  }

  /** Copy with a different reference learning rate. */
  public ForecasterConfig withLearningRate(double value) {
    return toBuilder().learningRate(value).build();
  }

  /** Copy with a different micro-batch count. */
  public ForecasterConfig withMicroBatches(int value) {
    return toBuilder().microBatches(value).build();
  }

  /** A builder seeded with this config's values: a copy with some components changed. */
  public ForecasterConfigBuilder toBuilder() {
    return new ForecasterConfigBuilder(this);
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
