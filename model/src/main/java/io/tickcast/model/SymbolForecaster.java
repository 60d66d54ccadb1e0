package io.tickcast.model;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.features.FeatureExtractor;
import io.tickcast.model.online.DriftResponse;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.persistence.StateCodec;
import io.tickcast.model.pipeline.BarFeatures;
import io.tickcast.model.pipeline.CatchUp;
import io.tickcast.model.pipeline.DriftMonitor;
import io.tickcast.model.pipeline.ExpertPanel;
import io.tickcast.model.pipeline.LstmExpert;
import io.tickcast.model.pipeline.MapStateStore;
import io.tickcast.model.pipeline.PipelineState;
import io.tickcast.model.pipeline.ReturnClip;
import io.tickcast.model.pipeline.Prediction;
import io.tickcast.model.pipeline.Scorer;
import io.tickcast.model.pipeline.StateStore;
import io.tickcast.model.pipeline.StepPolicy;
import io.tickcast.model.training.Learner;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One symbol's online forecaster: a short composition of small parts, each owning its state and
 * codec. {@link #onBar} on bar {@code b(t+1)}:
 * <ol>
 *   <li>{@link BarFeatures}: reject a stale bar; compute its features against {@code b(t)} (the
 *       very first bar only seeds the previous close);
 *   <li>{@link Scorer}: score the prediction made at {@code t} against the realised return;
 *       every later part sees that return clipped at {@value ReturnClip#SIGMAS} sigmas
 *       ({@link ReturnClip}: a bad print must not take over the scale estimators);
 *   <li>{@link DriftMonitor}: drift test and recovery on that error;
 *   <li>{@link ExpertPanel}: score the experts' forecasts, move the mix weights, update the
 *       online linear experts;
 *   <li>{@link BarFeatures}: label the sequence ending at {@code t};
 *   <li>{@link StepPolicy} + {@link LstmExpert}: when due, one guarded optimizer step; after a
 *       skill alarm that the mix has already acted on, {@link CatchUp}'s extra steps;
 *   <li>{@link BarFeatures}: only then fold {@code b(t+1)} into the normalisers and the ring;
 *       the new row also carries the linear expert's forecast of {@code r(t+2)}, made just now
 *       from returns up to {@code t+1} (the network's fast input);
 *   <li>{@link LstmExpert#predict} (no side effects) and the {@link ExpertPanel}'s mix of the
 *       LSTM with the linear, slow linear, naive, momentum and sign-split experts: the published
 *       forecast, whose LSTM part the {@link Scorer} keeps for the next bar.
 * </ol>
 * So nothing the network sees or is scored with includes the value being predicted.
 *
 * <p>Time: all times are event time (the bars' {@code endMs}, epoch ms); wall-clock time is used
 * only for the step duration in {@link TrainingStep#nanos()}.
 *
 * <p>Persistence: {@link #writeState} writes the main record (a few hundred bytes) and the
 * changed sequence rows on every accepted bar; {@link #modelBytes()} changes only when
 * {@link BarResult#modelChanged()}. {@link #restore} rebuilds an identical forecaster.
 *
 * <p>NOT thread-safe: one owner thread per instance.
 */
public final class SymbolForecaster {

  private static final Logger LOG = LoggerFactory.getLogger(SymbolForecaster.class);
  private static final int HORIZON = 1;
  /** Key of the main state record within the forecaster's {@link StateStore}. */
  public static final String MAIN_KEY = "";
  /** Drift response constants (bench regime suite): lr ×3 decaying with half-life 50 bars, replay
   * horizon 32 sequences right after the alarm. Stateless here: the clock is the drift monitor's
   * persisted bars-since-drift. */
  private static final DriftResponse RESPONSE = new DriftResponse(3.0, 50, false, 32);
  /** Index of the LSTM in the mix's weights. */
  private static final int LSTM = ExpertPanel.EXPERTS.indexOf("lstm");

  private final String symbol;
  private final ForecasterConfig cfg;
  private final BarFeatures features;
  private final Scorer scorer;
  private final DriftMonitor drift;
  private final StepPolicy policy;
  private final LstmExpert lstm;
  private final ExpertPanel panel;

  private SymbolForecaster(ForecasterConfig cfg, PipelineState s, LstmExpert lstm) {
    this.symbol = s.symbol();
    this.cfg = cfg;
    this.features = s.features();
    this.scorer = s.scorer();
    this.drift = s.drift();
    this.policy = s.policy();
    this.panel = s.panel();
    this.lstm = lstm;
  }

  /** A fresh forecaster with a seeded, untrained network. */
  public static SymbolForecaster create(String symbol, ForecasterConfig cfg) {
    return restore(symbol, cfg, new MapStateStore(), null);
  }

  /**
   * Rebuilds a forecaster from its stores.
   *
   * @param states the per-bar state ({@link #writeState}); empty or null for a fresh state
   * @param model bytes from {@link #modelBytes()}, or null for a fresh network
   * @throws ModelException if either is corrupt or incompatible with {@code symbol}/{@code cfg}
   */
  public static SymbolForecaster restore(String symbol, ForecasterConfig cfg, StateStore states,
      byte[] model) {
    return restore(symbol, cfg, states, model, (what, e) -> {
      throw e;
    });
  }

  /**
   * {@link #restore}, but a half that cannot be restored starts fresh on its own: a state that
   * cannot be decoded keeps the trained model, and vice versa. {@code onReset} hears which half
   * ("state" or "model") and why, and may rethrow.
   */
  public static SymbolForecaster restore(String symbol, ForecasterConfig cfg, StateStore states,
      byte[] model, BiConsumer<String, ModelException> onReset) {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(cfg, "cfg");
    PipelineState s = PipelineState.fresh(symbol, cfg);
    byte[] main = states == null ? null : states.get(MAIN_KEY);
    if (main != null) {
      try {
        s = StateCodec.decode(main, symbol, cfg, states);
      } catch (ModelException e) {
        onReset.accept("state", e);
      }
    }
    LstmExpert lstm = null;
    if (model != null) {
      try {
        ModelCodec.Decoded decoded = ModelCodec.decode(model, cfg);
        lstm = LstmExpert.restored(cfg, decoded.snapshot());
        s.policy().guard(decoded.guard());
      } catch (ModelException e) {
        onReset.accept("model", e);
      }
    }
    return new SymbolForecaster(cfg, s, lstm == null ? LstmExpert.fresh(cfg) : lstm);
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
    if (features.isStale(bar.endMs())) {
      return BarResult.rejected();
    }
    if (features.isEmpty()) {
      features.accept(bar);
      return new BarResult(true, null, null, null, false, false,
          adaptation(DriftMonitor.Signal.NONE), BarResult.ExtraSteps.NONE);
    }
    double[] x = features.extract(bar);
    if (x == null) {
      // Only absurd prices (ratios beyond double range) get here; drop the bar untouched.
      LOG.warn("Rejecting bar of {} ending {}: non-finite features", symbol, bar.endMs());
      return BarResult.rejected();
    }
    double raw = x[FeatureExtractor.LOG_RETURN];
    double r = ReturnClip.winsorise(raw, scorer.baseline(), panel.scale(), features);
    x[FeatureExtractor.LOG_RETURN] = r;

    Prediction prev = scorer.pending();
    boolean wasRecovering = drift.barsSinceDrift() >= 0;
    Score score = scorer.score(raw);
    // The panel has not seen r yet: its fast-path forecast is the one made for r.
    DriftMonitor.Signal signal = prev == null ? DriftMonitor.Signal.NONE
        : drift.observe(r, prev, panel.fastMix());
    if (signal.drift()) {
      onDrift(bar);
    }
    panel.observe(r, prev);
    if (features.label(r)) {
      policy.labelled();
    }
    Learner.StepResult step = null;
    if (policy.due() && features.labelled() >= policy.minLabelled()) {
      // Drift response (issue 10): after a Page-Hinkley alarm, until recovery, a decaying lr
      // boost and a replay horizon regrowing from 32 sequences (replay mode only).
      long since = cfg.replay().on() ? drift.barsSinceDrift() : -1;
      step = lstm.train(features, policy, RESPONSE.lrMultiplier(since),
          RESPONSE.replayHorizon(Integer.MAX_VALUE, since));
      if (step.outcome() == Learner.Outcome.ROLLED_BACK) {
        LOG.warn("Rolled back the step of {} at {}: loss {} over the threshold {}", symbol,
            bar.endMs(), step.step().loss(), policy.guard().threshold());
      }
      policy.stepped(step);
    }
    // Catch-up (issue 10): a head refit (or extra steps) on the newest sequences after a first
    // skill alarm, when the mix has already left the LSTM.
    BarResult.ExtraSteps extra = cfg.replay().on()
        ? CatchUp.respond(lstm, features, policy, RESPONSE.lrMultiplier(0), signal,
            panel.weights()[LSTM], wasRecovering)
        : BarResult.ExtraSteps.NONE;
    features.advance(bar, x, r, panel.fastForecasts());
    scorer.observe(r);

    Forecast forecast = features.canForecast() ? forecast(bar) : null;
    // Any step changes the model record: applied or refused (guard state), skipped too (the
    // learner's skipped-step counter); so does an applied refit (a refused one changes nothing).
    boolean ran = extra.ran() || step != null;
    return new BarResult(true, forecast, step == null ? null : step.step(), score, ran,
        step != null && step.outcome() == Learner.Outcome.ROLLED_BACK, adaptation(signal), extra);
  }

  private BarResult.Adaptation adaptation(DriftMonitor.Signal s) {
    return new BarResult.Adaptation(s.drift(), s.recoveredBars(), policy.batch(), drift.drifts());
  }

  /**
   * A drift alarm: B drops to B_min in adaptive mode (the learning rate follows by the linear
   * rule), Adam's moments are optionally zeroed so stale curvature estimates do not slow the
   * adaptation; the monitor measures recovery from here.
   */
  private void onDrift(Bar bar) {
    int before = policy.batch();
    policy.afterDrift();
    if (cfg.adapt().resetMomentsOnDrift()) {
      lstm.resetOptimizer();
    }
    LOG.info("Drift detected for {} at {} (drift #{}): batch size {} -> {}", symbol, bar.endMs(),
        drift.drifts(), before, policy.batch());
  }

  private Forecast forecast(Bar bar) {
    LstmExpert.Output out = lstm.predict(features);
    if (!out.finite()) {
      LOG.warn("Non-finite network output for {} at {}; using a neutral forecast", symbol,
          bar.endMs());
    }
    double ewmaReturn = scorer.baseline().mean();
    double ewmaSigma = scorer.baseline().sigma();
    scorer.expect(new Prediction(out.modelReturn(), out.modelSigma(), ewmaReturn, ewmaSigma));

    boolean flagged = policy.guard().lastRolledBack();
    // Published = the experts' mix; after a rolled-back step the LSTM's part goes to the naive
    // zero return and the RiskMetrics sigma. Users see the mix's recent skill vs naive in the
    // record, so a forecast worse than naive never goes out unannounced.
    ExpertPanel.Mix mix = flagged ? panel.forecast(0.0, ewmaSigma)
        : panel.forecast(out.modelReturn(), out.modelSigma());
    double published = mix.mean();
    double sigma = Double.isFinite(mix.sigma()) && mix.sigma() > 0 ? mix.sigma() : ewmaSigma;
    double price = bar.close() * Math.exp(published);
    if (!Double.isFinite(price)) {
      // Only reachable with absurd returns; keep every published number finite.
      published = 0;
      price = bar.close();
    }
    Learner learner = lstm.learner();
    return new Forecast(symbol, bar.endMs(), HORIZON, published, price, sigma, bar.close(),
        learner.modelVersion(), learner.trainedExamples(),
        source(mix.dominant(), flagged), out.modelReturn(), out.modelSigma(), flagged, false,
        mix.weights(), mix.publishedSkill());
  }

  private static Forecast.Source source(int dominant, boolean flagged) {
    return switch (ExpertPanel.EXPERTS.get(dominant)) {
      case "lstm" -> flagged ? Forecast.Source.BASELINE : Forecast.Source.MODEL;
      case "linear", "linear_slow", "momentum", "sign_split" -> Forecast.Source.LINEAR;
      default -> Forecast.Source.BASELINE;
    };
  }

  /** Writes the per-bar state: the main record and the sequence rows changed since the last call. */
  public void writeState(StateStore store) {
    store.put(MAIN_KEY, stateBytes());
    features.writeRows(store);
  }

  /**
   * A complete copy of the per-bar state (main record and every row) in a fresh store, e.g. a
   * backtest's final state or a test's restore point.
   */
  public MapStateStore fullState() {
    MapStateStore store = new MapStateStore();
    store.put(MAIN_KEY, stateBytes());
    features.writeAllRows(store);
    return store;
  }

  /** The main per-bar state record (a few hundred bytes; see {@link StateCodec}). */
  public byte[] stateBytes() {
    return StateCodec.encode(new PipelineState(symbol, features, scorer, drift, policy, panel));
  }

  /**
   * The version {@code {barsSeen, lastEndMs}} of a stored main record, read from its header
   * without decoding; null for null or a record of the first release (which then always reloads).
   */
  public static long[] storedVersion(byte[] mainRecord) {
    return StateCodec.peekVersion(mainRecord);
  }

  /** The version of the per-bar state: {@code {barsSeen, lastEndMs}}. */
  public long[] stateVersion() {
    return new long[] {features.barsSeen(), features.lastEndMs()};
  }

  /**
   * Network parameters, Adam state, iteration count, counters and the rollback guard; changes
   * only when a step ran.
   */
  public byte[] modelBytes() {
    return ModelCodec.encode(cfg, lstm.learner().snapshot(), policy.guard());
  }

  /** Drift alarms so far (persisted). */
  public long drifts() {
    return drift.drifts();
  }

  /** Bars since the last drift alarm while not yet recovered, else -1. */
  public long barsSinceDrift() {
    return drift.barsSinceDrift();
  }

  /** Batch size of the next optimizer step. */
  public int currentBatchSize() {
    return policy.batch();
  }

  /** Optimizer steps rolled back by the divergence guard so far (persisted). */
  public long rollbacks() {
    return policy.guard().rollbacks();
  }

  /** Parameter updates (optimizer steps and head refits) applied so far. */
  public long modelVersion() {
    return lstm.modelVersion();
  }

  /**
   * The LSTM expert's learned fast skip θ: the share of the linear expert's forecast its mean
   * passes straight through (0 with the skip off). Changes nothing.
   */
  public double fastSkip() {
    return lstm.skip();
  }

  /**
   * The LSTM expert's learned gain g on its network's own mean, in [0, 1] (1 without the gain
   * or the skip). Changes nothing.
   */
  public double networkGain() {
    return lstm.networkGain();
  }

  /** Labelled examples consumed by those updates. */
  public long trainedExamples() {
    return lstm.trainedExamples();
  }

  /** Accepted bars so far. */
  public long barsSeen() {
    return features.barsSeen();
  }

  /** The feature and target normalisers (exported with the model). */
  public BarFeatures features() {
    return features;
  }

  public String symbol() {
    return symbol;
  }

  /** The configuration this forecaster runs with. */
  public ForecasterConfig config() {
    return cfg;
  }
}
