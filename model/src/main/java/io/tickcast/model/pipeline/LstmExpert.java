package io.tickcast.model.pipeline;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.evaluation.EwmaBaseline;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.kernel.GaussianNll;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.HeadRefit;
import io.tickcast.model.training.Learner;
import io.tickcast.model.training.TrainerSnapshot;

/**
 * The LSTM forecaster, one part of a symbol's pipeline: its {@link Learner} (the model), how it
 * learns from the {@link BarFeatures} ring, and its side-effect-free {@link #predict}. Persisted
 * on its own ({@link ModelCodec}, with the step policy's guard) and only when it changed. Further
 * experts (an online linear model) would sit beside it with their own state and codec. Not
 * thread-safe.
 */
public final class LstmExpert {

  /**
   * The model's forecast of the next log return, in return units.
   *
   * @param finite false when the network's raw output was not finite (then 0 / the target sd)
   */
  public record Output(double modelReturn, double modelSigma, boolean finite) {}

  private final ForecasterConfig cfg;
  /**
   * Null while the model is fresh and nothing has needed it yet: a fresh learner (its parameters,
   * Adam moments and step buffers, tens of KB) is the same for every symbol, so it is built only
   * when the symbol first trains, predicts or is exported. Most symbols of a large universe spend
   * their first {@code seqLength} bars without either, and an evicted symbol that never trained
   * restores without one (issue 11).
   */
  private Learner learner;

  private LstmExpert(ForecasterConfig cfg, Learner learner) {
    this.cfg = cfg;
    this.learner = learner;
  }

  /** A fresh, seeded, untrained model (built on first use). */
  public static LstmExpert fresh(ForecasterConfig cfg) {
    return new LstmExpert(cfg, null);
  }

  /** A model continuing from a snapshot (no DL4J network is built). */
  public static LstmExpert restored(ForecasterConfig cfg, TrainerSnapshot s) {
    return new LstmExpert(cfg, Learner.restored(cfg, Learner.Backend.KERNEL, s));
  }

  /** One optimizer step on sequences the policy samples from the ring, guarded by the policy. */
  private static final double FIT_HALF_LIFE = Double.parseDouble(
      System.getProperty("tickcast.skip.fitHalfLife", "0"));

  public Learner.StepResult train(BarFeatures features, StepPolicy policy) {
    return train(features, policy, 1.0, Integer.MAX_VALUE);
  }

  /**
   * One step with the learning rate × {@code lrMultiplier} and replay limited to the newest
   * {@code horizon} sequences (the drift response).
   */
  public Learner.StepResult train(BarFeatures features, StepPolicy policy, double lrMultiplier,
      int horizon) {
    return train(features, policy, lrMultiplier, horizon, features.barsSeen());
  }

  /** As above, the replay draw identified by {@code draw} (an extra step on the same bar). */
  public Learner.StepResult train(BarFeatures features, StepPolicy policy, double lrMultiplier,
      int horizon, long draw) {
    int batch = policy.batch();
    int[] ages = new int[batch];
    policy.sample(features.labelled(), ages, draw, horizon);
    float[] x = new float[batch * ForecasterConfig.INPUTS * cfg.seqLength()];
    float[] y = new float[batch];
    features.batch(ages, batch, x, y);
    if (FIT_HALF_LIFE <= 0) {
      return learner().step(x, y, batch, policy::admits, lrMultiplier);
    }
    double[] w = new double[batch];
    for (int b = 0; b < batch; b++) {
      w[b] = Math.pow(0.5, ages[b] / FIT_HALF_LIFE);
    }
    FastSkip.FIT_WEIGHTS.set(w);
    try {
      return learner().step(x, y, batch, policy::admits, lrMultiplier);
    } finally {
      FastSkip.FIT_WEIGHTS.remove();
    }
  }

  /**
   * The closed-form refit of the head's mean row ({@link HeadRefit}) on the newest
   * {@code how.sequences()} labelled sequences (fewer if fewer are labelled).
   */
  public HeadRefit.Result refitHead(BarFeatures features, HeadRefit how) {
    int count = Math.min(how.sequences(), features.labelled());
    if (count < 2) {
      return HeadRefit.Result.NONE;
    }
    float[] x = new float[count * ForecasterConfig.INPUTS * cfg.seqLength()];
    float[] y = new float[count];
    features.newest(count, x, y);
    return learner().refitHead(x, y, count, how);
  }

  /** The configuration the model was built with. */
  public ForecasterConfig config() {
    return cfg;
  }

  /** The forecast from the newest sequence. Changes nothing. */
  public Output predict(BarFeatures features) {
    double[] out = learner().predict(features.latestSequence(), 1)[0];
    double mu = out[0];
    double logSigma = out[1];
    boolean finite = Double.isFinite(mu) && Double.isFinite(logSigma);
    if (!finite) {
      mu = 0;
      logSigma = 0;
    }
    mu = boundedMean(mu);
    logSigma = GaussianNll.clampLogSigma(logSigma);
    EwNormalizer target = features.target();
    double modelReturn = target.mean(0) + target.sd(0) * mu;
    double modelSigma = Math.max(target.sd(0) * Math.exp(logSigma), EwmaBaseline.SIGMA_FLOOR);
    return new Output(modelReturn, modelSigma, finite);
  }

  /**
   * The network's raw mean output as a forecast in label units: 0 if not finite, else clipped to
   * the same bound as the labels it was trained on (±{@link EwNormalizer#CLIP}).
   */
  static double boundedMean(double mu) {
    return Double.isFinite(mu) ? Math.max(-EwNormalizer.CLIP, Math.min(EwNormalizer.CLIP, mu)) : 0;
  }

  /** Zeroes the optimizer's moments (the optional reset on a drift alarm). */
  public void resetOptimizer() {
    if (learner != null) { // a fresh learner's moments are zero already
      learner.resetOptimizer();
    }
  }

  /**
   * Parameter updates (optimizer steps and head refits) applied so far (0 while fresh, without
   * building the learner).
   */
  public long modelVersion() {
    return learner == null ? 0 : learner.modelVersion();
  }

  /** Labelled examples consumed by those updates (0 while fresh). */
  public long trainedExamples() {
    return learner == null ? 0 : learner.trainedExamples();
  }

  /**
   * The share θ of the linear expert's forecast this expert's mean passes straight through
   * ({@link FastSkip}; 0 when off). Changes nothing: a fresh model's θ is read from the
   * configuration without building the learner.
   */
  public double skip() {
    return learner != null ? learner.skip() : cfg.fastSkip().freshShare();
  }

  /** The gain g on the network's own mean ({@link FastSkip}; 1 fresh or without the gain). */
  public double networkGain() {
    return learner != null ? learner.networkGain() : 1;
  }

  /** Whether the learner exists yet (a fresh one is built on first use). */
  boolean built() {
    return learner != null;
  }

  /** The model, built fresh (seeded, untrained) on first call. */
  public Learner learner() {
    if (learner == null) {
      learner = new Learner(cfg);
    }
    return learner;
  }
}
