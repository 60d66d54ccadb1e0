package io.tickcast.bench.regime;

import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.domain.Forecast;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The production {@link SymbolForecaster} as a suite contestant for the batch study: the same
 * two predictions as {@link ModelAdapter} ({@code model} = the LSTM expert's own mean and sigma,
 * {@code model_pub} = the published mix), plus what the study needs to tell "more steps" from
 * "better steps": optimizer steps applied, sequences trained on, the mean batch of a step (the
 * adaptive controller moves it) and the thread-CPU time per bar. Not thread-safe.
 */
final class ForecasterProbe implements Contestant {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final SymbolForecaster forecaster;
  private final SyntheticBars bars = new SyntheticBars();
  private Forecast last;
  private long observed;
  private long steps;
  private long rolledBack;
  private long batchSum;
  private long cpuNanos;

  ForecasterProbe(ForecasterConfig cfg) {
    forecaster = SymbolForecaster.create(SyntheticBars.SYMBOL, cfg);
    forecaster.onBar(bars.first());
  }

  @Override
  public List<String> names() {
    return List.of("model", "model_pub");
  }

  @Override
  public void forecast(double[] mean, double[] sigma, int offset) {
    boolean none = last == null;
    mean[offset] = none ? 0 : last.modelReturn();
    sigma[offset] = none ? Kind.BASE_SIGMA : last.modelSigma();
    mean[offset + 1] = none ? 0 : last.predictedReturn();
    sigma[offset + 1] = none ? Kind.BASE_SIGMA : last.sigma();
  }

  @Override
  public void observe(double r) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    BarResult res = forecaster.onBar(bars.next(r));
    cpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
    observed++;
    TrainingStep step = res.step();
    rolledBack += res.rollbacks();
    if (step != null && !res.rolledBack() && !step.skipped()) {
      steps++;
      batchSum += step.batchSize();
    }
    if (res.forecast() != null) {
      last = res.forecast();
    }
  }

  /** Regular optimizer steps applied (rolled-back, skipped and catch-up ones not counted). */
  long steps() {
    return steps;
  }

  /** Steps the divergence guard rolled back, the catch-up's included. */
  long rolledBack() {
    return rolledBack;
  }

  /** Sequences the applied steps trained on (with replay a sequence can count several times). */
  long examples() {
    return batchSum;
  }

  /** Mean batch size of an applied step (0 before the first). */
  double meanBatch() {
    return steps == 0 ? 0 : batchSum / (double) steps;
  }

  /** Thread-CPU microseconds per bar of {@code onBar} (training + forecast). */
  double microsPerBar() {
    return observed == 0 ? 0 : cpuNanos / 1e3 / observed;
  }
}
