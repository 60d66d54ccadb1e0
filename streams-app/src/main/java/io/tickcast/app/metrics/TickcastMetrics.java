package io.tickcast.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tickcast.model.BarResult;
import io.tickcast.model.Score;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.pipeline.ExpertPanel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All of tickcast's own meters, as declared in {@link MetricNames}.
 *
 * <p>Thread-safe: stream threads, the HTTP scrape and the status printer use it concurrently.
 * Per-symbol tags are bounded: the first {@code maxSymbols} symbols seen get their own series,
 * later ones share the tag value {@value #OTHER_SYMBOL}, so a flood of bogus symbols cannot blow
 * up the registry. Must be bound with {@link #bindTo} before use.
 */
public final class TickcastMetrics implements MeterBinder {

  /** Tag value shared by symbols beyond the configured maximum. */
  public static final String OTHER_SYMBOL = SymbolMeters.OTHER_SYMBOL;

  private final SymbolMeters meters;

  private Counter ticks;
  private Counter ticksValid;
  private Timer forecastLatency;
  private Timer forecastTime;
  private Timer trainStepTime;
  private DistributionSummary absError;
  private Counter uncaught;
  private final AtomicLong streamsUp = new AtomicLong();

  /** Totals for the console status line (not exported separately). */
  private final AtomicLong barsTotal = new AtomicLong();
  private final AtomicLong forecastsTotal = new AtomicLong();
  private final AtomicLong dlqTotal = new AtomicLong();
  private final AtomicLong firstForecastWallMs = new AtomicLong();
  private final AtomicLong lastLossBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));

  public TickcastMetrics(int maxSymbols) {
    this.meters = new SymbolMeters(maxSymbols);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    meters.bindTo(registry);
    ticks = counter(MetricNames.TICKS, Tags.empty());
    ticksValid = counter(MetricNames.TICKS_VALID, Tags.empty());
    forecastLatency = timer(MetricNames.FORECAST_LATENCY, Duration.ofMillis(1), Duration.ofMinutes(10));
    forecastTime = timer(MetricNames.FORECAST_TIME, Duration.ofMillis(1), Duration.ofSeconds(1));
    trainStepTime = timer(MetricNames.TRAIN_STEP_TIME, Duration.ofMillis(1), Duration.ofSeconds(5));
    absError = DistributionSummary.builder(MetricNames.FORECAST_ABS_ERROR.meterName())
        .description(MetricNames.FORECAST_ABS_ERROR.description())
        .baseUnit(exportedUnit(MetricNames.FORECAST_ABS_ERROR))
        .publishPercentileHistogram()
        .minimumExpectedValue(1e-6)
        .maximumExpectedValue(1.0)
        .register(registry);
    uncaught = counter(MetricNames.UNCAUGHT_EXCEPTIONS, Tags.empty());
    // JavaCPP's own accounting of ND4J's off-heap memory (the LSTM kernel itself allocates none).
    Gauge.builder(MetricNames.NATIVE_BYTES.meterName(), org.bytedeco.javacpp.Pointer::totalBytes)
        .description(MetricNames.NATIVE_BYTES.description())
        .baseUnit(exportedUnit(MetricNames.NATIVE_BYTES))
        .register(registry);
    Gauge.builder(MetricNames.NATIVE_PHYSICAL_BYTES.meterName(), org.bytedeco.javacpp.Pointer::physicalBytes)
        .description(MetricNames.NATIVE_PHYSICAL_BYTES.description())
        .baseUnit(exportedUnit(MetricNames.NATIVE_PHYSICAL_BYTES))
        .register(registry);
    Gauge.builder(MetricNames.STREAMS_STATE.meterName(), streamsUp, AtomicLong::get)
        .description(MetricNames.STREAMS_STATE.description())
        .baseUnit(exportedUnit(MetricNames.STREAMS_STATE))
        .register(registry);
  }

  /** A record arrived on the ticks topic. */
  public void tickReceived() {
    ticks.increment();
  }

  /** A tick passed validation. */
  public void tickAccepted() {
    ticksValid.increment();
  }

  /** A record was dead-lettered. {@code reason} must be from a bounded set. */
  public void deadLettered(String topic, String reason) {
    dlqTotal.incrementAndGet();
    counter(MetricNames.DLQ, Tags.of("topic", topic, "reason", reason)).increment();
  }

  /** The windowing step emitted a final bar. */
  public void barEmitted(String symbol) {
    barsTotal.incrementAndGet();
    counter(MetricNames.BARS, Tags.of("symbol", symbolTag(symbol))).increment();
  }

  /** A bar was closed by the wall clock (its live partition went quiet); also counted as emitted. */
  public void barWallClockClosed(String symbol) {
    counter(MetricNames.BARS_WALL_CLOSED, Tags.of("symbol", symbolTag(symbol))).increment();
  }

  /** The forecaster consumed a bar; {@code accepted} is false for a stale bar. */
  public void barConsumed(String symbol, boolean accepted) {
    String tag = symbolTag(symbol);
    counter(MetricNames.BARS_CONSUMED, Tags.of("symbol", tag)).increment();
    if (!accepted) {
      counter(MetricNames.BARS_STALE, Tags.of("symbol", tag)).increment();
    }
  }

  /** A forecast was handed to the producer. */
  public void forecastPublished(Forecast f, long forwardNanos, long wallNowMs) {
    if (forecastsTotal.incrementAndGet() == 1) {
      firstForecastWallMs.compareAndSet(0, wallNowMs);
    }
    String tag = symbolTag(f.symbol());
    counter(MetricNames.FORECASTS,
        Tags.of("symbol", tag, "source", f.source().name().toLowerCase(Locale.ROOT))).increment();
    forecastTime.record(forwardNanos, TimeUnit.NANOSECONDS);
    long latency = wallNowMs - f.barEndMs();
    if (latency >= 0) {
      forecastLatency.record(latency, TimeUnit.MILLISECONDS);
    }
    gauge(MetricNames.MODEL_VERSION, Tags.of("symbol", tag)).set(bits(f.modelVersion()));
    gauge(MetricNames.FORECAST_PRICE, Tags.of("symbol", tag)).set(bits(f.predictedPrice()));
    gauge(MetricNames.LAST_PRICE, Tags.of("symbol", tag)).set(bits(f.lastPrice()));
    expertMix(f, tag);
    if (f.rolledBack()) {
      counter(MetricNames.FORECASTS_FLAGGED, Tags.of("symbol", tag)).increment();
    }
  }

  /**
   * The online mix behind a published forecast: each expert's weight and the published skill.
   * Forecasts not made by the mix (empty weights) leave both untouched, their skill being a
   * placeholder. Names outside {@link ExpertPanel#EXPERTS} are skipped to keep the tag bounded.
   */
  private void expertMix(Forecast f, String tag) {
    if (f.weights().isEmpty()) {
      return;
    }
    for (Map.Entry<String, Double> w : f.weights().entrySet()) {
      if (ExpertPanel.EXPERTS.contains(w.getKey())) {
        gauge(MetricNames.EXPERT_WEIGHT, Tags.of("symbol", tag, "expert", w.getKey()))
            .set(bits(w.getValue()));
      }
    }
    gauge(MetricNames.PUBLISHED_SKILL, Tags.of("symbol", tag)).set(bits(f.publishedSkill()));
  }

  /** Regime-adaptivity outcome of one bar. */
  public void adaptation(String symbol, boolean drift, long recoveredBars, long barsSinceDrift) {
    Tags t = Tags.of("symbol", symbolTag(symbol));
    if (drift) {
      counter(MetricNames.DRIFTS, t).increment();
    }
    if (recoveredBars >= 0) {
      gauge(MetricNames.DRIFT_RECOVERY, t).set(bits(recoveredBars));
    }
    gauge(MetricNames.DRIFT_RECOVERING, t).set(bits(Math.max(0, barsSinceDrift)));
  }

  /**
   * A shadow trainer (opt-in, never published) processed a bar; {@code catchUpApplied} of its
   * catch-up steps were applied besides {@code step}.
   */
  public void shadow(String symbol, int batchSize, TrainingStep step, Score score,
      int catchUpApplied) {
    Tags t = Tags.of("symbol", symbolTag(symbol), "batch_size", Integer.toString(batchSize));
    if (catchUpApplied > 0) {
      counter(MetricNames.SHADOW_UPDATES, t).increment(catchUpApplied);
    }
    if (step != null && !step.skipped()) {
      counter(MetricNames.SHADOW_UPDATES, t).increment();
      gauge(MetricNames.SHADOW_LOSS, t).set(bits(step.loss()));
      gauge(MetricNames.SHADOW_NOISE_SCALE, t).set(bits(step.noiseScale()));
    }
    if (score != null) {
      gauge(MetricNames.SHADOW_SKILL, t).set(bits(score.skill()));
    }
  }

  /** An optimizer step diverged and was rolled back (never applied). */
  public void rolledBack(String symbol, TrainingStep step) {
    trainStepTime.record(step.nanos(), TimeUnit.NANOSECONDS);
    counter(MetricNames.TRAIN_ROLLBACKS, Tags.of("symbol", symbolTag(symbol))).increment();
  }

  /**
   * A bar's catch-up after a skill alarm (issue 10): applied steps count as updates, rolled-back
   * ones as rollbacks, like the regular step's; head refits are not optimizer updates and count
   * apart, by outcome ({@code applied} or {@code refused}). Their time is not in the step timer
   * (one duration for several steps).
   */
  public void extraSteps(String symbol, BarResult.ExtraSteps e) {
    String tag = symbolTag(symbol);
    Tags t = Tags.of("symbol", tag);
    counter(MetricNames.TRAIN_UPDATES, t).increment(e.applied());
    counter(MetricNames.TRAIN_ROLLBACKS, t).increment(e.rolledBack());
    if (e.refits() > 0) {
      counter(MetricNames.TRAIN_HEAD_REFITS, Tags.of("symbol", tag, "outcome", "applied"))
          .increment(e.refits());
    }
    if (e.refitsRefused() > 0) {
      counter(MetricNames.TRAIN_HEAD_REFITS, Tags.of("symbol", tag, "outcome", "refused"))
          .increment(e.refitsRefused());
    }
  }

  /** An optimizer step ran (or was skipped by the non-finite guard). */
  public void trained(String symbol, TrainingStep step) {
    Tags t = Tags.of("symbol", symbolTag(symbol));
    trainStepTime.record(step.nanos(), TimeUnit.NANOSECONDS);
    if (step.skipped()) {
      counter(MetricNames.TRAIN_SKIPPED, t).increment();
      return;
    }
    counter(MetricNames.TRAIN_UPDATES, t).increment();
    lastLossBits.set(bits(step.loss()));
    gauge(MetricNames.TRAIN_LOSS, t).set(bits(step.loss()));
    gauge(MetricNames.TRAIN_GRAD_NORM, t).set(bits(step.gradNorm()));
    gauge(MetricNames.TRAIN_GRAD_SQUARED, t).set(bits(step.gradSquared()));
    gauge(MetricNames.TRAIN_TRACE_SIGMA, t).set(bits(step.traceSigma()));
    gauge(MetricNames.TRAIN_GRAD_VARIANCE, t).set(bits(step.gradVariance()));
    gauge(MetricNames.TRAIN_NOISE_SCALE, t).set(bits(step.noiseScale()));
    gauge(MetricNames.TRAIN_BATCH_SIZE, t).set(bits(step.batchSize()));
    gauge(MetricNames.TRAIN_LEARNING_RATE, t).set(bits(step.learningRate()));
  }

  /**
   * The LSTM expert's learned fast skip θ and network gain g after a step ran on {@code
   * symbol}'s model (the share of the linear expert's forecast its mean passes straight through,
   * 0 with the skip off; the weight of the network's own mean, 1 without the gain). Pushed by
   * the stream thread that owns the model, not pulled by the scrape: forecasters are not
   * thread-safe and leave the processor's cache.
   */
  public void fastSkip(String symbol, double theta, double gain) {
    Tags t = Tags.of("symbol", symbolTag(symbol));
    gauge(MetricNames.TRAIN_FAST_SKIP, t).set(bits(theta));
    gauge(MetricNames.TRAIN_NETWORK_GAIN, t).set(bits(gain));
  }

  /** A forecast was scored against its target bar. */
  public void scored(String symbol, Score s) {
    String tag = symbolTag(symbol);
    Tags t = Tags.of("symbol", tag);
    absError.record(Math.abs(s.actualReturn() - s.modelReturn()));
    gauge(MetricNames.EVAL_MSE, Tags.of("symbol", tag, "predictor", "model")).set(bits(s.mseModel()));
    gauge(MetricNames.EVAL_MSE, Tags.of("symbol", tag, "predictor", "naive")).set(bits(s.mseNaive()));
    gauge(MetricNames.EVAL_MSE, Tags.of("symbol", tag, "predictor", "ewma")).set(bits(s.mseEwma()));
    gauge(MetricNames.EVAL_MAE, Tags.of("symbol", tag, "predictor", "model")).set(bits(s.maeModel()));
    gauge(MetricNames.EVAL_MAE, Tags.of("symbol", tag, "predictor", "naive")).set(bits(s.maeNaive()));
    gauge(MetricNames.EVAL_MAE, Tags.of("symbol", tag, "predictor", "ewma")).set(bits(s.maeEwma()));
    gauge(MetricNames.EVAL_DIRECTIONAL_ACCURACY, Tags.of("symbol", tag, "predictor", "model"))
        .set(bits(s.directionalAccuracy()));
    gauge(MetricNames.EVAL_DIRECTIONAL_ACCURACY, Tags.of("symbol", tag, "predictor", "ewma"))
        .set(bits(s.directionalAccuracyEwma()));
    gauge(MetricNames.EVAL_QLIKE, Tags.of("symbol", tag, "predictor", "model")).set(bits(s.qlikeModel()));
    gauge(MetricNames.EVAL_QLIKE, Tags.of("symbol", tag, "predictor", "ewma")).set(bits(s.qlikeEwma()));
    gauge(MetricNames.EVAL_SKILL, t).set(bits(s.skill()));
  }

  /** A symbol's stored state could not be restored; it starts fresh. */
  public void modelReset(String symbol) {
    counter(MetricNames.MODEL_RESETS, Tags.of("symbol", symbolTag(symbol))).increment();
  }

  /** Kafka refused an output record for {@code topic}. */
  public void productionError(String topic) {
    counter(MetricNames.PRODUCTION_ERRORS, Tags.of("topic", topic)).increment();
  }

  /** A stream thread died of an uncaught exception. */
  public void uncaughtException() {
    uncaught.increment();
  }

  /** Kafka Streams state changed; {@code up} when RUNNING or REBALANCING. */
  public void streamsUp(boolean up) {
    streamsUp.set(up ? 1 : 0);
  }

  public long barsTotal() {
    return barsTotal.get();
  }

  public long forecastsTotal() {
    return forecastsTotal.get();
  }

  /** Wall-clock epoch ms of the first forecast this process published, 0 before. */
  public long firstForecastWallMs() {
    return firstForecastWallMs.get();
  }

  public long dlqTotal() {
    return dlqTotal.get();
  }

  public double ticksTotal() {
    return ticks == null ? 0 : ticks.count();
  }

  /** Loss of the most recent update of any symbol, NaN before the first. */
  public double lastLoss() {
    return Double.longBitsToDouble(lastLossBits.get());
  }

  /** The tag value for a symbol, bounded to {@code maxSymbols} distinct values. */
  String symbolTag(String symbol) {
    return meters.symbolTag(symbol);
  }

  /** Registers the dead-letter counters of every (topic, reason) pair at 0 (see above). */
  public void registerDeadLetterCounters(Iterable<String> topics, Iterable<String> reasons) {
    for (String topic : topics) {
      for (String reason : reasons) {
        counter(MetricNames.DLQ, Tags.of("topic", topic, "reason", reason));
      }
    }
  }

  private Counter counter(MetricNames def, Tags tags) {
    return meters.counter(def, tags);
  }

  private AtomicLong gauge(MetricNames def, Tags tags) {
    return meters.gauge(def, tags);
  }

  /**
   * Frees {@code symbol}'s slot among the {@code metrics.max.symbols} tagged symbols and removes
   * all its meters, counters included, when the task forecasting it closes on this instance
   * (revoked, migrated, shut down). Without it an instance kept the slots of symbols it no longer
   * owned, and after a few rebalances the symbols it took over shared {@link #OTHER_SYMBOL}. If the
   * symbol comes back its counters start again at 0 (Prometheus' {@code rate()} reads that as a
   * counter reset). {@link #OTHER_SYMBOL} meters are shared: kept.
   */
  public void releaseSymbol(String symbol) {
    meters.releaseSymbol(symbol);
  }

  private Timer timer(MetricNames def, Duration min, Duration max) {
    return Timer.builder(def.meterName())
        .description(def.description())
        .publishPercentileHistogram()
        .minimumExpectedValue(min)
        .maximumExpectedValue(max)
        .register(meters.registry());
  }

  private static String exportedUnit(MetricNames def) {
    return SymbolMeters.exportedUnit(def);
  }

  private static long bits(double v) {
    return SymbolMeters.bits(v);
  }

  /** Symbols currently holding their own tag value. */
  List<String> taggedSymbols() {
    return meters.taggedSymbols();
  }
}
