package io.tickcast.bench;

import io.tickcast.bench.regime.SyntheticBars;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.training.Learner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Cost of truncated BPTT ({@code model.bptt.length} = K) as THREAD CPU time, the same-run ratio
 * to the first K given: one optimizer step at the defaults ({@link Learner#step}, B = 16, as
 * {@code ForecasterBarBenchmark.trainStep}) and one bar of the full per-bar step
 * ({@link SymbolForecaster#onBar}, a step every 4 bars, as {@code ForecasterBarBenchmark.bar}).
 * The K variants run in interleaved blocks, order reversed every other block, and the median
 * block counts: on a shared machine JMH's wall-clock times move ±30 % with the load between
 * benchmarks run minutes apart, while CPU time of interleaved blocks does not see the waits.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.tickcast.bench.BpttCost 32 16 8}.
 */
public final class BpttCost {

  private static final int BLOCKS = 12;
  private static final int WARM_BLOCKS = 3;

  private BpttCost() {}

  /** Arguments: the K values, the first is the baseline (0 = full). */
  public static void main(String[] args) {
    int[] ks = Arrays.stream(args.length == 0 ? new String[] {"32", "16", "8"} : args)
        .mapToInt(Integer::parseInt).toArray();
    ForecasterConfig d = ForecasterConfig.defaults();
    Learner[] learners = new Learner[ks.length];
    SymbolForecaster[] forecasters = new SymbolForecaster[ks.length];
    SyntheticBars[] bars = new SyntheticBars[ks.length];
    ForecasterBarBenchmark.Returns[] returns = new ForecasterBarBenchmark.Returns[ks.length];
    for (int i = 0; i < ks.length; i++) {
      ForecasterConfig cfg = ForecasterBarBenchmark.config(ks[i], "gain");
      learners[i] = new Learner(cfg, Learner.Backend.KERNEL);
      bars[i] = new SyntheticBars();
      returns[i] = new ForecasterBarBenchmark.Returns();
      forecasters[i] = SymbolForecaster.create(SyntheticBars.SYMBOL, cfg);
      forecasters[i].onBar(bars[i].first());
      for (int b = 0; b < ForecasterBarBenchmark.WARM_BARS; b++) {
        forecasters[i].onBar(bars[i].next(returns[i].next()));
      }
    }
    Batches data = Batches.random(d.batchSize(), d.seqLength(), 42L + d.batchSize());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] step = new double[ks.length][BLOCKS];
    double[][] bar = new double[ks.length][BLOCKS];
    int steps = 200;
    int barsPerBlock = 800;
    for (int blk = -WARM_BLOCKS; blk < BLOCKS; blk++) {
      for (int o = 0; o < ks.length; o++) {
        int i = (blk & 1) == 0 ? o : ks.length - 1 - o;
        long c0 = mx.getCurrentThreadCpuTime();
        for (int s = 0; s < steps; s++) {
          int j = s % data.size();
          learners[i].step(data.features(j), data.labels(j), d.batchSize());
        }
        long c1 = mx.getCurrentThreadCpuTime();
        for (int b = 0; b < barsPerBlock; b++) {
          forecasters[i].onBar(bars[i].next(returns[i].next()));
        }
        long c2 = mx.getCurrentThreadCpuTime();
        if (blk >= 0) {
          step[i][blk] = (c1 - c0) / 1e3 / steps;
          bar[i][blk] = (c2 - c1) / 1e3 / barsPerBlock;
        }
      }
    }
    double stepBase = median(step[0]);
    double barBase = median(bar[0]);
    for (int i = 0; i < ks.length; i++) {
      System.out.printf(Locale.ROOT, "K=%d  step %.1f us CPU (median of %d blocks; ratio %.3f)"
          + "  bar %.1f us CPU (ratio %.3f)%n", ks[i], median(step[i]), BLOCKS,
          median(step[i]) / stepBase, median(bar[i]), median(bar[i]) / barBase);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
  }
}
