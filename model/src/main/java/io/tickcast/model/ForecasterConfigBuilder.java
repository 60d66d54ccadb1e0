package io.tickcast.model;

import io.tickcast.model.ForecasterConfig.Adaptivity;
import io.tickcast.model.ForecasterConfig.Replay;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.HeadRefit;

/**
 * Copies a {@link ForecasterConfig} with some components changed ({@link
 * ForecasterConfig#toBuilder()}), so that a copy names only what it changes (every
 * {@code with*} of the config and the benchmarks' variants go through here; a new component is
 * added in one place). Each setter sets the component of its name; validation runs once, in
 * {@link #build}. Not thread-safe.
 */
public final class ForecasterConfigBuilder {
  private int seqLength;
  private int hiddenSize;
  private int batchSize;
  private int refBatchSize;
  private double learningRate;
  private int warmupUpdates;
  private double clipNorm;
  private int microBatches;
  private double normHalfLifeBars;
  private int evalWindow;
  private double gateMinSkill;
  private int gateMinScored;
  private double ewmaReturnAlpha;
  private double riskMetricsLambda;
  private long seed;
  private Adaptivity adapt;
  private Replay replay;
  private int bpttLength;
  private HeadRefit headRefit;
  private FastSkip fastSkip;

  ForecasterConfigBuilder(ForecasterConfig c) {
    seqLength = c.seqLength();
    hiddenSize = c.hiddenSize();
    batchSize = c.batchSize();
    refBatchSize = c.refBatchSize();
    learningRate = c.learningRate();
    warmupUpdates = c.warmupUpdates();
    clipNorm = c.clipNorm();
    microBatches = c.microBatches();
    normHalfLifeBars = c.normHalfLifeBars();
    evalWindow = c.evalWindow();
    gateMinSkill = c.gateMinSkill();
    gateMinScored = c.gateMinScored();
    ewmaReturnAlpha = c.ewmaReturnAlpha();
    riskMetricsLambda = c.riskMetricsLambda();
    seed = c.seed();
    adapt = c.adapt();
    replay = c.replay();
    bpttLength = c.bpttLength();
    headRefit = c.headRefit();
    fastSkip = c.fastSkip();
  }

  public ForecasterConfigBuilder seqLength(int value) {
    seqLength = value;
    return this;
  }

  public ForecasterConfigBuilder hiddenSize(int value) {
    hiddenSize = value;
    return this;
  }

  public ForecasterConfigBuilder batchSize(int value) {
    batchSize = value;
    return this;
  }

  public ForecasterConfigBuilder refBatchSize(int value) {
    refBatchSize = value;
    return this;
  }

  public ForecasterConfigBuilder learningRate(double value) {
    learningRate = value;
    return this;
  }

  public ForecasterConfigBuilder microBatches(int value) {
    microBatches = value;
    return this;
  }

  public ForecasterConfigBuilder normHalfLifeBars(double value) {
    normHalfLifeBars = value;
    return this;
  }

  public ForecasterConfigBuilder seed(long value) {
    seed = value;
    return this;
  }

  public ForecasterConfigBuilder adapt(Adaptivity value) {
    adapt = value;
    return this;
  }

  public ForecasterConfigBuilder replay(Replay value) {
    replay = value;
    return this;
  }

  public ForecasterConfigBuilder bpttLength(int value) {
    bpttLength = value;
    return this;
  }

  public ForecasterConfigBuilder headRefit(HeadRefit value) {
    headRefit = value;
    return this;
  }

  public ForecasterConfigBuilder fastSkip(FastSkip value) {
    fastSkip = value;
    return this;
  }

  /** The validated config. */
  public ForecasterConfig build() {
    return new ForecasterConfig(seqLength, hiddenSize, batchSize, refBatchSize, learningRate,
        warmupUpdates, clipNorm, microBatches, normHalfLifeBars, evalWindow, gateMinSkill,
        gateMinScored, ewmaReturnAlpha, riskMetricsLambda, seed, adapt, replay, bpttLength,
        headRefit, fastSkip);
  }
}
