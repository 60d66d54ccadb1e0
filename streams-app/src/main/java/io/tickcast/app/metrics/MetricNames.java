package io.tickcast.app.metrics;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one catalogue of tickcast's meters: name (lower dot case, {@code tickcast.} prefix), type,
 * base unit, description and the bounded tag keys. The README metrics table is generated from it
 * ({@link #toMarkdown()}) and a test checks the two agree; every meter registered by {@link
 * TickcastMetrics} is declared here.
 */
public enum MetricNames {
  TICKS("tickcast.ticks", Type.COUNTER, "records", "Tick records read from the ticks topic, valid or not", List.of()),
  TICKS_VALID("tickcast.ticks.valid", Type.COUNTER, "records", "Ticks that passed validation and entered a bar window", List.of()),
  DLQ("tickcast.dlq.records", Type.COUNTER, "records", "Records sent to a dead-letter topic, by source topic and reason", List.of("topic", "reason")),
  BARS("tickcast.bars", Type.COUNTER, "bars", "Final bars emitted by the windowing step", List.of("symbol")),
  BARS_WALL_CLOSED("tickcast.bars.wall.closed", Type.COUNTER, "bars", "Bars closed by the wall clock because their live partition went quiet (bar.idle.timeout); flagged wallClockClosed", List.of("symbol")),
  BARS_CONSUMED("tickcast.bars.consumed", Type.COUNTER, "bars", "Bars read by the forecaster (own or written by users)", List.of("symbol")),
  BARS_STALE("tickcast.bars.stale", Type.COUNTER, "bars", "Bars ignored by the forecaster because they were not newer than the last one", List.of("symbol")),
  FORECASTS("tickcast.forecasts", Type.COUNTER, "forecasts", "Forecasts published, by source: the dominant expert of the mix (model, linear or baseline)", List.of("symbol", "source")),
  FORECASTS_FLAGGED("tickcast.forecasts.flagged", Type.COUNTER, "forecasts", "Forecasts flagged rolledBack (made after a rolled-back step, before the next good one)", List.of("symbol")),
  FORECAST_PRICE("tickcast.forecast.predicted.price", Type.GAUGE, "price", "Next-bar close predicted by the latest published forecast", List.of("symbol")),
  LAST_PRICE("tickcast.forecast.last.price", Type.GAUGE, "price", "Close of the bar the latest forecast was made on", List.of("symbol")),
  EXPERT_WEIGHT("tickcast.forecast.expert.weight", Type.GAUGE, "ratio", "Weight of each mean expert (lstm, linear, naive, momentum, linear_slow, sign_split) in the latest published forecast of the online mix (weights sum to 1)", List.of("symbol", "expert")),
  PUBLISHED_SKILL("tickcast.forecast.published.skill", Type.GAUGE, "none", "Discounted skill of the published (mixed) mean against the naive zero return over about the last 50 bars; negative: recently worse than naive", List.of("symbol")),
  FORECAST_LATENCY("tickcast.forecast.latency", Type.TIMER, "seconds", "Wall-clock time from a bar's close (bar end as wall time) to the forecast's send; meaningful for live data only", List.of()),
  FORECAST_TIME("tickcast.forecast.time", Type.TIMER, "seconds", "Time of one forward pass for a forecast", List.of()),
  TRAIN_STEP_TIME("tickcast.train.step.time", Type.TIMER, "seconds", "Time of one optimizer step (gradients of all micro-batches plus the update)", List.of()),
  TRAIN_UPDATES("tickcast.train.updates", Type.COUNTER, "updates", "Optimizer updates applied", List.of("symbol")),
  TRAIN_SKIPPED("tickcast.train.skipped", Type.COUNTER, "steps", "Optimizer steps skipped because loss or gradient was not finite", List.of("symbol")),
  TRAIN_ROLLBACKS("tickcast.train.rollbacks", Type.COUNTER, "steps", "Optimizer steps rolled back to the last good snapshot because the loss exploded or parameters became non-finite", List.of("symbol")),
  TRAIN_HEAD_REFITS("tickcast.train.head.refits", Type.COUNTER, "refits", "Closed-form refits of the LSTM head's mean row by the catch-up after a skill alarm (model.head.refit): applied (a new model version, not an optimizer update) or refused (not finite or no lower loss; nothing changed)", List.of("symbol", "outcome")),
  TRAIN_LOSS("tickcast.train.loss", Type.GAUGE, "nats", "Gaussian negative log-likelihood of the last mini-batch (normalised target)", List.of("symbol")),
  TRAIN_GRAD_NORM("tickcast.train.grad.norm", Type.GAUGE, "none", "L2 norm of the last mini-batch gradient before clipping", List.of("symbol")),
  TRAIN_GRAD_SQUARED("tickcast.train.grad.squared", Type.GAUGE, "none", "Unbiased estimate of the squared true gradient norm ‖G‖²", List.of("symbol")),
  TRAIN_TRACE_SIGMA("tickcast.train.trace.sigma", Type.GAUGE, "none", "Estimate of the per-example gradient covariance trace tr(Sigma)", List.of("symbol")),
  TRAIN_GRAD_VARIANCE("tickcast.train.grad.variance", Type.GAUGE, "none", "Mini-batch gradient variance tr(Sigma)/B", List.of("symbol")),
  TRAIN_NOISE_SCALE("tickcast.train.noise.scale", Type.GAUGE, "examples", "Simple gradient noise scale B_simple = tr(Sigma)/‖G‖² (EMA ratio)", List.of("symbol")),
  TRAIN_BATCH_SIZE("tickcast.train.batch.size", Type.GAUGE, "examples", "Mini-batch size B of the last update", List.of("symbol")),
  TRAIN_LEARNING_RATE("tickcast.train.learning.rate", Type.GAUGE, "none", "Learning rate of the last update (linear scaling and warm-up applied)", List.of("symbol")),
  TRAIN_NETWORK_GAIN("tickcast.train.network.gain", Type.GAUGE, "ratio", "Learned gain g on the LSTM network's own mean after the last step, in [0, 1]: the LSTM expert's mean is g × network + θ × linear forecast; falls toward 0 while the network forecasts an old regime or noise (1 without the gain, model.fast.skip.gain.forgetting=0, or with the skip off)", List.of("symbol")),
  TRAIN_FAST_SKIP("tickcast.train.fast.skip", Type.GAUGE, "ratio", "Learned fast skip θ after the last step: the share of the linear expert's forecast the LSTM expert's mean passes straight through (0 with model.fast.skip=false)", List.of("symbol")),
  DRIFTS("tickcast.drift.events", Type.COUNTER, "events", "Drift alarms of the Page-Hinkley test on the model's standardised prequential error", List.of("symbol")),
  DRIFT_RECOVERY("tickcast.drift.recovery.bars", Type.GAUGE, "bars", "Bars the last completed recovery after a drift took (rolling model/naive error ratio back within 10% of its pre-drift level)", List.of("symbol")),
  DRIFT_RECOVERING("tickcast.drift.recovering", Type.GAUGE, "bars", "Bars since the last drift while not yet recovered (0 when recovered)", List.of("symbol")),
  MODEL_RESETS("tickcast.model.resets", Type.COUNTER, "resets", "Symbols whose stored model could not be restored and started fresh", List.of("symbol")),
  MODEL_VERSION("tickcast.model.version", Type.GAUGE, "updates", "Updates applied to the symbol's model so far (persisted, survives restarts)", List.of("symbol")),
  EVAL_MSE("tickcast.eval.mse", Type.GAUGE, "none", "Windowed mean squared error of next-bar log return, by predictor (model, naive, ewma)", List.of("symbol", "predictor")),
  EVAL_MAE("tickcast.eval.mae", Type.GAUGE, "none", "Windowed mean absolute error of next-bar log return, by predictor (model, naive, ewma)", List.of("symbol", "predictor")),
  EVAL_DIRECTIONAL_ACCURACY("tickcast.eval.directional.accuracy", Type.GAUGE, "ratio", "Windowed share of forecasts with the right sign, by predictor (model, ewma; naive has no sign)", List.of("symbol", "predictor")),
  EVAL_QLIKE("tickcast.eval.qlike", Type.GAUGE, "none", "Windowed QLIKE loss of the forecast variance, by predictor (model, ewma)", List.of("symbol", "predictor")),
  EVAL_SKILL("tickcast.eval.skill", Type.GAUGE, "ratio", "Windowed skill 1 - MSE_model / MSE_naive (positive: beats the zero-return forecast)", List.of("symbol")),
  FORECAST_ABS_ERROR("tickcast.forecast.abs.error", Type.SUMMARY, "none", "Absolute error of each scored model forecast of the log return", List.of()),
  NATIVE_BYTES("tickcast.native.javacpp.bytes", Type.GAUGE, "bytes", "Off-heap bytes currently allocated through JavaCPP (ND4J arrays)", List.of()),
  NATIVE_PHYSICAL_BYTES("tickcast.native.physical.bytes", Type.GAUGE, "bytes", "Physical memory (RSS) of the process as JavaCPP measures it", List.of()),
  SHADOW_LOSS("tickcast.shadow.train.loss", Type.GAUGE, "nats", "Training loss of an opt-in shadow trainer (model.shadow.batch.sizes)", List.of("symbol", "batch_size")),
  SHADOW_NOISE_SCALE("tickcast.shadow.noise.scale", Type.GAUGE, "examples", "Gradient noise scale B_simple of a shadow trainer", List.of("symbol", "batch_size")),
  SHADOW_SKILL("tickcast.shadow.eval.skill", Type.GAUGE, "ratio", "Windowed skill vs naive of a shadow trainer", List.of("symbol", "batch_size")),
  SHADOW_UPDATES("tickcast.shadow.updates", Type.COUNTER, "updates", "Optimizer updates of a shadow trainer", List.of("symbol", "batch_size")),
  STREAMS_STATE("tickcast.streams.state", Type.GAUGE, "none", "1 when Kafka Streams is RUNNING or REBALANCING, else 0", List.of()),
  PRODUCTION_ERRORS("tickcast.production.errors", Type.COUNTER, "records", "Output records Kafka refused; the task fails and is retried from the last commit", List.of("topic")),
  UNCAUGHT_EXCEPTIONS("tickcast.streams.uncaught", Type.COUNTER, "exceptions", "Uncaught stream-thread exceptions (the thread is replaced)", List.of());

  /** Micrometer meter type of a catalogue entry. */
  public enum Type {
    COUNTER,
    GAUGE,
    TIMER,
    SUMMARY
  }

  private final String meterName;
  private final Type type;
  private final String baseUnit;
  private final String description;
  private final List<String> tagKeys;

  MetricNames(String meterName, Type type, String baseUnit, String description, List<String> tagKeys) {
    this.meterName = meterName;
    this.type = type;
    this.baseUnit = baseUnit;
    this.description = description;
    this.tagKeys = tagKeys;
  }

  public String meterName() {
    return meterName;
  }

  public Type type() {
    return type;
  }

  public String baseUnit() {
    return baseUnit;
  }

  public String description() {
    return description;
  }

  public List<String> tagKeys() {
    return tagKeys;
  }

  /**
   * The name Prometheus shows: dots to underscores, {@code _total} for counters, {@code _seconds}
   * for timers (whose series are {@code _count}, {@code _sum}, {@code _bucket}, {@code _max}).
   */
  public String prometheusName() {
    String base = meterName.replace('.', '_');
    return switch (type) {
      case COUNTER -> base + "_total";
      case TIMER -> base + "_seconds";
      case GAUGE, SUMMARY -> base;
    };
  }

  /** The README metrics table. */
  public static String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Prometheus name | type | unit | tags | description |\n");
    sb.append("|---|---|---|---|---|\n");
    for (MetricNames m : values()) {
      sb.append("| `").append(m.prometheusName()).append("` | ")
          .append(m.type.name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(m.baseUnit).append(" | ")
          .append(m.tagKeys.stream().map(t -> "`" + t + "`").collect(Collectors.joining(", ")))
          .append(" | ").append(m.description).append(" |\n");
    }
    return sb.toString();
  }
}
