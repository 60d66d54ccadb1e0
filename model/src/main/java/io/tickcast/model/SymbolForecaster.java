package io.tickcast.model;

import io.tickcast.model.adapt.BatchSizePolicy;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.evaluation.EwmaBaseline;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.features.FeatureExtractor;
import io.tickcast.model.features.SequenceRing;
import io.tickcast.model.network.GaussianNllLoss;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.persistence.StateCodec;
import io.tickcast.model.state.PendingForecast;
import io.tickcast.model.state.SymbolState;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.Learner;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One symbol's online forecaster: it owns one LSTM network (through a {@link Learner})
 * and the small per-bar {@link SymbolState}, and turns each closed bar into a one-bar-ahead
 * forecast while learning from every bar, test-then-train.
 *
 * <p>{@link #onBar} on bar {@code b(t+1)}:
 * <ol>
 *   <li>rejects a stale bar ({@code endMs <=} the last accepted {@code endMs}) without any change;
 *   <li>computes its {@link FeatureExtractor features} against {@code b(t)} (the very first bar
 *       only seeds the previous close);
 *   <li>scores the forecast made at {@code t} against the realised log return {@code r};
 *   <li>labels the sequence ending at {@code t} with {@code r}, normalised with the target
 *       statistics as they were at {@code t};
 *   <li>after {@code batchSize} new labelled sequences, runs one optimizer step on them;
 *   <li>only then updates the normalisers with {@code b(t+1)} and appends its normalised row;
 *   <li>forecasts the next log return from the last {@code seqLength} rows, publishing the
 *       model's numbers only while the windowed skill gate is open (otherwise the EWMA /
 *       RiskMetrics baseline's, flagged {@link Forecast.Source#BASELINE}).
 * </ol>
 * So nothing the network sees or is scored with includes the value being predicted.
 *
 * <p>Time: all times are event time (the bars' {@code endMs}, epoch ms); wall-clock time is used
 * only for the step duration in {@link TrainingStep#nanos()}. Forecasts use a stateless batch-1
 * {@code output()} over the full window (no {@code rnnTimeStep} state to keep consistent across
 * training steps and restarts).
 *
 * <p>Persistence: {@link #stateBytes()} changes on every accepted bar and {@link #modelBytes()}
 * only when {@link BarResult#modelChanged()}; {@link #restore} rebuilds an identical forecaster
 * from both.
 *
 * <p>NOT thread-safe: one owner thread per instance (a DL4J network keeps per-call state).
 * Different instances may run on different threads.
 */
public final class SymbolForecaster {

  private static final Logger LOG = LoggerFactory.getLogger(SymbolForecaster.class);
  private static final int HORIZON = 1;

  private final String symbol;
  private final ForecasterConfig cfg;
  private final Learner trainer;
  private final SymbolState state;
  private final DivergenceGuard guard;
  private final BatchSizePolicy policy;

  /** Clip of the drift test's input (squared standardised error), in variance units. */
  static final double DRIFT_INPUT_CLIP = 25.0;

  private SymbolForecaster(String symbol, ForecasterConfig cfg, Learner trainer,
      SymbolState state, DivergenceGuard guard) {
    this.symbol = symbol;
    this.cfg = cfg;
    this.trainer = trainer;
    this.state = state;
    this.guard = guard;
    ForecasterConfig.Adaptivity a = cfg.adapt();
    this.policy = new BatchSizePolicy(a.adaptiveBatch(), cfg.batchSize(), a.minBatchSize(),
        a.maxBatchSize());
  }

  /** A fresh forecaster with a seeded, untrained network. */
  public static SymbolForecaster create(String symbol, ForecasterConfig cfg) {
    return restore(symbol, cfg, null, null);
  }

  /**
   * Rebuilds a forecaster from persisted bytes.
   *
   * @param state bytes from {@link #stateBytes()}, or null for a fresh state
   * @param model bytes from {@link #modelBytes()}, or null for a fresh network
   * @throws ModelException if either is corrupt or incompatible with {@code symbol}/{@code cfg}
   */
  public static SymbolForecaster restore(
      String symbol, ForecasterConfig cfg, byte[] state, byte[] model) {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(cfg, "cfg");
    Learner trainer;
    DivergenceGuard guard = new DivergenceGuard();
    if (model != null) {
      ModelCodec.Decoded decoded = ModelCodec.decode(model, cfg);
      trainer = Learner.restored(cfg, Learner.Backend.KERNEL, decoded.snapshot());
      guard = decoded.guard();
    } else {
      trainer = new Learner(cfg);
    }
    SymbolState s = state == null ? new SymbolState(symbol, cfg)
        : StateCodec.decode(state, symbol, cfg);
    LOG.debug("Forecaster for {} ready: barsSeen={} modelVersion={}", symbol, s.barsSeen(),
        trainer.modelVersion());
    return new SymbolForecaster(symbol, cfg, trainer, s, guard);
  }

  /**
   * Processes one closed bar of this symbol (see the class comment for the exact sequence).
   *
   * @throws IllegalArgumentException if the bar belongs to another symbol
   */
  public BarResult onBar(Bar bar) {
    Objects.requireNonNull(bar, "bar");
    if (!bar.symbol().equals(symbol)) {
      throw new IllegalArgumentException(
          "bar of '" + bar.symbol() + "' sent to forecaster of '" + symbol + "'");
    }
    if (state.isStale(bar.endMs())) {
      return BarResult.rejected();
    }
    if (!state.hasPrevClose()) {
      state.accept(bar.close(), bar.endMs());
      return new BarResult(true, null, null, null, false, false,
          new BarResult.Adaptation(false, -1, state.currentBatch(), state.drifts()));
    }

    double[] features = FeatureExtractor.features(bar, state.prevClose());
    for (double v : features) {
      if (!Double.isFinite(v)) {
        // Only absurd prices (ratios beyond double range) get here; drop the bar untouched.
        LOG.warn("Rejecting bar of {} ending {}: non-finite features", symbol, bar.endMs());
        return BarResult.rejected();
      }
    }
    double r = features[FeatureExtractor.LOG_RETURN];
    EwNormalizer targetNorm = state.targetNormalizer();
    SequenceRing ring = state.ring();

    Score score = null;
    boolean driftAlarm = false;
    long recovered = -1;
    PendingForecast prev = state.pendingForecast();
    if (prev != null) {
      score = state.evaluator().score(r, prev.modelReturn(), prev.modelSigma(),
          prev.ewmaReturn(), prev.ewmaSigma());
      state.pendingForecast(null);
      double err = r - prev.modelReturn();
      // Recovery is timed on the model's own standardised error (its forecast sigma)...
      double zModel = err / Math.max(prev.modelSigma(), EwmaBaseline.SIGMA_FLOOR);
      recovered = state.recovery().add(Math.min(zModel * zModel, DRIFT_INPUT_CLIP));
      if (recovered >= 0) {
        state.lastRecoveryBars(recovered);
      }
      // ...while the drift test uses the error in units of the RiskMetrics variance, a yardstick
      // the model cannot bend; clipped so one crash bar cannot trip the test alone.
      double z = err / Math.max(prev.ewmaSigma(), EwmaBaseline.SIGMA_FLOOR);
      driftAlarm = state.drift().add(Math.min(z * z, DRIFT_INPUT_CLIP));
      if (driftAlarm) {
        onDrift(bar);
      }
    }

    if (ring.hasSequenceEndingAt(0)) {
      // Target stats still exclude r: they are exactly the ones the forecast at t used.
      ring.labelNewest(targetNorm.normalize(new double[] {r})[0]);
      state.pending(state.pending() + 1);
    }

    TrainingStep step = null;
    boolean rolledBack = false;
    if (state.pending() >= state.currentBatch()) {
      Learner.StepResult result = train(state.currentBatch());
      step = result.step();
      state.pending(0);
      if (result.outcome() != Learner.Outcome.SKIPPED) {
        if (result.outcome() == Learner.Outcome.ROLLED_BACK) {
          // Never let a diverged step reach the stored model: the learner did not commit it.
          guard.rolledBack();
          rolledBack = true;
          LOG.warn("Rolled back the step of {} at {}: loss {} (ema {}, dev {})",
              symbol, bar.endMs(), step.loss(), guard.lossEma(), guard.lossDev());
        } else {
          guard.accept(step.loss());
          state.currentBatch(policy.next(state.currentBatch(), step.noiseScale()));
        }
      }
    }

    state.featureNormalizer().update(features);
    targetNorm.update(new double[] {r});
    state.baseline().update(r);
    ring.push(state.featureNormalizer().normalize(features));
    state.accept(bar.close(), bar.endMs());

    Forecast forecast = ring.hasSequenceEndingAt(0) ? forecast(bar) : null;
    return new BarResult(true, forecast, step, score, step != null && !step.skipped(), rolledBack,
        new BarResult.Adaptation(driftAlarm, recovered, state.currentBatch(), state.drifts()));
  }

  /**
   * A drift alarm: B drops to B_min in adaptive mode (the learning rate follows by the linear
   * rule, as every step's does), Adam's moments are optionally zeroed so stale curvature
   * estimates do not slow the adaptation, and recovery is measured from here.
   */
  private void onDrift(Bar bar) {
    state.driftDetected();
    state.recovery().drift();
    int before = state.currentBatch();
    state.currentBatch(policy.afterDrift(before));
    if (cfg.adapt().resetMomentsOnDrift()) {
      trainer.resetOptimizer();
    }
    LOG.info("Drift detected for {} at {} (drift #{}): batch size {} -> {}", symbol, bar.endMs(),
        state.drifts(), before, state.currentBatch());
  }

  /** Drift alarms so far (persisted). */
  public long drifts() {
    return state.drifts();
  }

  /** Bars since the last drift alarm while not yet recovered, else -1. */
  public long barsSinceDrift() {
    return state.recovery().barsSinceDrift();
  }

  /** Batch size of the next optimizer step. */
  public int currentBatchSize() {
    return state.currentBatch();
  }

  /** Optimizer steps rolled back by the divergence guard so far (persisted). */
  public long rollbacks() {
    return guard.rollbacks();
  }

  /** One optimizer step on the {@code batch} most recent labelled sequences. */
  private Learner.StepResult train(int batch) {
    int t = cfg.seqLength();
    SequenceRing ring = state.ring();
    float[] x = new float[batch * ForecasterConfig.FEATURES * t];
    float[] y = new float[batch];
    for (int i = 0; i < batch; i++) {
      // Oldest example first; age 0 is the sequence just labelled.
      int age = batch - 1 - i;
      ring.copySequence(age, x, i);
      y[i] = ring.label(age);
    }
    return trainer.step(x, y, batch, loss -> !guard.isExploding(loss));
  }

  private Forecast forecast(Bar bar) {
    int t = cfg.seqLength();
    float[] x = new float[ForecasterConfig.FEATURES * t];
    state.ring().copySequence(0, x, 0);
    double[] out = trainer.predict(x, 1)[0];
    double mu = out[0];
    double logSigma = out[1];
    if (!Double.isFinite(mu) || !Double.isFinite(logSigma)) {
      LOG.warn("Non-finite network output for {} at {}; using a neutral forecast", symbol,
          bar.endMs());
      mu = 0;
      logSigma = 0;
    }
    // Same bound as the labels the network was trained on.
    mu = Math.max(-EwNormalizer.CLIP, Math.min(EwNormalizer.CLIP, mu));
    logSigma = GaussianNllLoss.clampLogSigma(logSigma);

    EwNormalizer targetNorm = state.targetNormalizer();
    double modelReturn = targetNorm.mean(0) + targetNorm.sd(0) * mu;
    double modelSigma = Math.max(targetNorm.sd(0) * Math.exp(logSigma), EwmaBaseline.SIGMA_FLOOR);
    EwmaBaseline baseline = state.baseline();
    double ewmaReturn = baseline.mean();
    double ewmaSigma = baseline.sigma();
    state.pendingForecast(
        new PendingForecast(mu, logSigma, modelReturn, modelSigma, ewmaReturn, ewmaSigma));

    boolean flagged = guard.lastRolledBack();
    boolean gateOpen = !flagged && state.evaluator().scored() >= cfg.gateMinScored()
        && state.evaluator().skill() > cfg.gateMinSkill();
    // Gate closed: publish the naive (zero-return) mean, the benchmark skill is measured against,
    // so users never get a mean worse than naive without knowing it; the EWMA return baseline
    // loses to naive on most return series. Sigma falls back to RiskMetrics.
    double published = gateOpen ? modelReturn : 0.0;
    double sigma = gateOpen ? modelSigma : ewmaSigma;
    double price = bar.close() * Math.exp(published);
    if (!Double.isFinite(price)) {
      // Only reachable with absurd returns; keep every published number finite.
      published = 0;
      price = bar.close();
    }
    return new Forecast(symbol, bar.endMs(), HORIZON, published, price, sigma, bar.close(),
        trainer.modelVersion(), trainer.trainedExamples(),
        gateOpen ? Forecast.Source.MODEL : Forecast.Source.BASELINE, modelReturn, modelSigma,
        flagged);
  }

  /** Per-bar state (a few KB); changes on every accepted bar. */
  public byte[] stateBytes() {
    return StateCodec.encode(state);
  }

  /**
   * Network parameters, Adam state, iteration count and counters; changes only when an
   * optimizer update was applied.
   */
  public byte[] modelBytes() {
    return ModelCodec.encode(cfg, trainer.snapshot(), guard);
  }

  /** Optimizer updates applied so far. */
  public long modelVersion() {
    return trainer.modelVersion();
  }

  /** Labelled examples consumed by those updates. */
  public long trainedExamples() {
    return trainer.trainedExamples();
  }

  /** Accepted bars so far (persisted in {@link #stateBytes()}). */
  public long barsSeen() {
    return state.barsSeen();
  }

  public String symbol() {
    return symbol;
  }

  /** The configuration this forecaster runs with. */
  public ForecasterConfig config() {
    return cfg;
  }
}
