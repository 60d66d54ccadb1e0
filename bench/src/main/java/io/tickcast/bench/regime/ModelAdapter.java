package io.tickcast.bench.regime;

import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.HeadRefit;
import java.util.List;
import java.util.Locale;

/**
 * The ONLY class of the suite that touches the model's public forecasting API: it turns each
 * return into a synthetic 1-minute bar, feeds {@link SymbolForecaster#onBar} and reports two
 * predictions, {@code model} (the LSTM's own mean and sigma) and {@code model_pub} (what the
 * forecaster publishes). When the learner is redesigned, only this class changes.
 *
 * <p>Bars: close = previous close·e^r, open = previous close, high/low widened by a quarter of
 * |r| on each side, volume and ticks constant, vwap the mid of open and close.
 */
final class ModelAdapter implements Contestant {

  private static final long BAR_MS = 60_000L;

  private final SymbolForecaster forecaster;
  /** Bars between two samples of the skip's share θ. */
  static final int SKIP_TRACE_EVERY = 50;
  /** Whether to sample it ({@code -Dregime.model.skipTrace=true}; the probe's diagnosis). */
  private static final boolean SKIP_TRACE = Boolean.getBoolean("regime.model.skipTrace");
  private final List<Double> skipTrace = new java.util.ArrayList<>();
  private double close;
  private long endMs = 1_700_000_000_000L;
  private final Bar[] real;
  private int next;
  private Forecast last;
  private long rolledBack;
  private long alarms;
  private long rejected;

  /** On synthetic bars built from the returns, from a start price of 100. */
  ModelAdapter(ForecasterConfig cfg) {
    this(cfg, null);
  }

  /** On synthetic bars built from the returns, from {@code startPrice}. */
  ModelAdapter(ForecasterConfig cfg, double startPrice) {
    this(cfg, null, startPrice);
  }

  /**
   * On real bars: {@code bars[0]} seeds the previous close and {@code bars[i]} is the bar whose
   * return is the i-th one observed.
   */
  ModelAdapter(ForecasterConfig cfg, Bar[] bars) {
    this(cfg, bars, Series.PRICE);
  }

  private ModelAdapter(ForecasterConfig cfg, Bar[] bars, double startPrice) {
    cfg = experiment(cfg);
    this.close = startPrice;
    this.real = bars;
    this.forecaster = SymbolForecaster.create(bars == null ? "SYN" : bars[0].symbol(), cfg);
    // The first bar only seeds the previous close.
    forecaster.onBar(bars == null ? bar(0) : bars[next++]);
  }

  /**
   * The sweep's overrides of the production config, as JVM properties ({@code REGIME_JAVA_OPTS}
   * of {@code bench/regime.sh}): {@code regime.model.every}, {@code .window}, {@code .halfLife}
   * (replay k, W, recency half-life), {@code regime.model.lr} and {@code regime.model.normHalfLife}
   * (the feature/target normalisers' half-life in bars), {@code regime.model.bptt} (truncated-BPTT
   * length K, 0 = full), {@code regime.model.refit} (the catch-up's head refit: instead, off)
   * with {@code .refitN} and {@code .refitRidge}, {@code regime.model.catchupGate} (off, first)
   * with {@code .catchupMargin}, {@code .catchupM} and {@code .catchupScale},
   * {@code regime.model.hidden} and {@code regime.model.seqLength} (capacity H and input window
   * T), {@code regime.model.seed} (weight-initialisation seed: a neutral perturbation that
   * shows how far the scores move by chance), {@code regime.model.skip} (the fast skip: on,
   * off; on by default) with {@code .skipInit}, {@code .skipForget} and {@code .skipFloor} (the
   * momentum, stagewise, significance and fixed-share variants measured in
   * bench/results/regime-skip and regime-reskip live on those branches); absent = the defaults.
   */
  static ForecasterConfig experiment(ForecasterConfig cfg) {
    String norm = System.getProperty("regime.model.normHalfLife");
    if (norm != null) {
      cfg = cfg.toBuilder().normHalfLifeBars(Double.parseDouble(norm)).build();
    }
    ForecasterConfig.Replay r = cfg.replay();
    cfg = cfg.withReplay(new ForecasterConfig.Replay(
        Integer.getInteger("regime.model.every", r.every()),
        Integer.getInteger("regime.model.window", r.window()),
        Double.parseDouble(System.getProperty("regime.model.halfLife",
            Double.toString(r.halfLife())))));
    cfg = cfg.withBpttLength(Integer.getInteger("regime.model.bptt", cfg.bpttLength()));
    cfg = cfg.toBuilder()
        .hiddenSize(Integer.getInteger("regime.model.hidden", cfg.hiddenSize()))
        .seqLength(Integer.getInteger("regime.model.seqLength", cfg.seqLength()))
        .seed(Long.getLong("regime.model.seed", cfg.seed()))
        .headRefit(headRefit(cfg.headRefit()))
        .fastSkip(skip(cfg.fastSkip()))
        .build();
    return cfg.withLearningRate(Double.parseDouble(
        System.getProperty("regime.model.lr", Double.toString(cfg.learningRate()))));
  }

  @Override
  public List<String> names() {
    return List.of("model", "model_pub");
  }

  @Override
  public void forecast(double[] mean, double[] sigma, int offset) {
    if (last == null) {
      mean[offset] = 0;
      sigma[offset] = Kind.BASE_SIGMA;
      mean[offset + 1] = 0;
      sigma[offset + 1] = Kind.BASE_SIGMA;
      return;
    }
    mean[offset] = last.modelReturn();
    sigma[offset] = last.modelSigma();
    mean[offset + 1] = last.predictedReturn();
    sigma[offset + 1] = last.sigma();
  }

  @Override
  public void observe(double r) {
    BarResult res = forecaster.onBar(real == null ? bar(r) : real[next++]);
    if (SKIP_TRACE && forecaster.barsSeen() % SKIP_TRACE_EVERY == 0) {
      skipTrace.add(forecaster.fastSkip());
    }
    if (!res.accepted()) {
      rejected++;
    } else {
      rolledBack += res.rollbacks();
      alarms += res.adaptation() != null && res.adaptation().drift() ? 1 : 0;
    }
    if (res.forecast() != null) {
      last = res.forecast();
    }
  }

  /** The fast skip's share every {@link #SKIP_TRACE_EVERY} bars (the probe's diagnosis). */
  List<Double> skipTrace() {
    return skipTrace;
  }

  /** Steps the divergence guard rolled back, the catch-up's extra steps included. */
  long rolledBack() {
    return rolledBack;
  }

  /** Drift alarms raised. */
  long alarms() {
    return alarms;
  }

  /** Bars the forecaster refused (stale, or features not finite). */
  long rejected() {
    return rejected;
  }

  private Bar bar(double r) {
    double open = close;
    close = open * Math.exp(r);
    double widen = Math.exp(0.25 * Math.abs(r));
    double high = Math.max(open, close) * widen;
    double low = Math.min(open, close) / widen;
    long start = endMs;
    endMs += BAR_MS;
    return new Bar("SYN", start, endMs, open, high, low, close, 10.0, (open + close) / 2, 10);
  }

  private static FastSkip skip(FastSkip d) {
    String on = System.getProperty("regime.model.skip");
    return new FastSkip(on == null ? d.on() : "on".equals(on),
        Double.parseDouble(System.getProperty("regime.model.skipInit",
            Double.toString(d.initial()))),
        Double.parseDouble(System.getProperty("regime.model.skipForget",
            Double.toString(d.forgetting()))),
        Double.parseDouble(System.getProperty("regime.model.skipFloor",
            Double.toString(d.floor()))),
        Double.parseDouble(System.getProperty("regime.model.skipGain",
            Double.toString(d.gainForgetting()))),
        Double.parseDouble(System.getProperty("regime.model.skipGainHalfLife",
            Double.toString(d.gainHalfLife()))));
  }

  private static HeadRefit headRefit(HeadRefit d) {
    String mode = System.getProperty("regime.model.refit");
    String gate = System.getProperty("regime.model.catchupGate");
    return new HeadRefit(
        mode == null ? d.mode() : HeadRefit.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
        Integer.getInteger("regime.model.refitN", d.sequences()),
        Double.parseDouble(System.getProperty("regime.model.refitRidge",
            Double.toString(d.ridge()))),
        gate == null ? d.errorGate() : HeadRefit.ErrorGate.valueOf(gate.toUpperCase(Locale.ROOT)),
        Double.parseDouble(System.getProperty("regime.model.catchupMargin",
            Double.toString(d.fastMargin()))),
        Integer.getInteger("regime.model.catchupM", d.fastWindow()),
        Double.parseDouble(System.getProperty("regime.model.catchupScale",
            Double.toString(d.fastMaxScale()))));
  }
}
