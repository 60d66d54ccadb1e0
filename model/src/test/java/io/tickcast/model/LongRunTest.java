package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.RegimeSeries;
import io.tickcast.model.fixtures.TwinRun;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production forecaster at its defaults over a long run of a realistic series
 * ({@link RegimeSeries}: AR(1) regime flips, volatility changes, rare jumps), rebuilt from its
 * persisted state every {@value #DEFAULT_EVERY} bars and checked bar by bar against a twin that
 * never restarts ({@link TwinRun}: identical results and main record, finite forecasts, sigma
 * &gt; 0, at most 1 KB of state per bar). Per block of bars it also asserts that nothing froze or
 * drifted: the model keeps updating, the published forecast and the LSTM's own keep beating the
 * naive forecast, and the forecasts keep moving.
 *
 * <p>CI runs {@value #DEFAULT_BARS} bars (≈ 20 s); the long version is the same test with
 * {@code -Dtickcast.longrun.bars=1000000} (and optionally {@code -Dtickcast.longrun.every=K}):
 * <pre>
 *   mvn -B -q -pl model -am test -Dtest=LongRunTest -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dtickcast.longrun.bars=1000000
 * </pre>
 * Throughput per block is logged (never asserted: numbers live in benchmarks).
 */
class LongRunTest {

  private static final Logger LOG = LoggerFactory.getLogger(LongRunTest.class);
  static final int DEFAULT_BARS = 20_000;
  static final int DEFAULT_EVERY = 997;

  @Test
  void restoredForecasterStaysIdenticalToItsTwinAndKeepsLearningOverALongRun() {
    int n = Integer.getInteger("tickcast.longrun.bars", DEFAULT_BARS);
    int every = Integer.getInteger("tickcast.longrun.every", DEFAULT_EVERY);
    int block = Math.max(5_000, n / 20);
    ForecasterConfig cfg = ForecasterConfig.defaults();
    RegimeSeries series = new RegimeSeries("LONG", 20261202L);
    TwinRun run = new TwinRun("LONG", cfg, every);
    run.feed(series.first());

    Forecast last = null;
    double[] sums = new double[4]; // Σ r², Σ (r − published)², Σ (r − lstm)², Σ (m − published)²
    double oracle = 0; // Σ (r − m)²
    long versionAtBlock = 0;
    long nanosAtBlock = 0;
    long rollbacksAtBlock = 0;
    int moves = 0;
    int lowest = Integer.MAX_VALUE;
    long wall = System.nanoTime();
    for (int t = 1; t <= n; t++) {
      BarResult res = run.feed(series.next());
      double r = series.lastReturn();
      if (last != null) {
        double p = last.predictedReturn();
        double l = last.modelReturn();
        sums[0] += r * r;
        sums[1] += (r - p) * (r - p);
        sums[2] += (r - l) * (r - l);
        sums[3] += (series.mean() - p) * (series.mean() - p);
        oracle += (r - series.mean()) * (r - series.mean());
      }
      Forecast f = res.forecast();
      if (t >= cfg.seqLength()) {
        assertThat(f).as("forecast at bar %d", t).isNotNull();
      } else {
        continue;
      }
      if (last != null && f.predictedReturn() != last.predictedReturn()
          && f.modelReturn() != last.modelReturn()) {
        moves++;
      }
      last = f;
      if (t % block == 0) {
        long version = run.twin().modelVersion();
        double published = 1 - sums[1] / sums[0];
        double lstm = 1 - sums[2] / sums[0];
        double best = 1 - oracle / sums[0];
        double us = (run.twinNanos() - nanosAtBlock) / 1e3 / block;
        LOG.info("LONGRUN block to bar {}: skill vs naive published {} lstm {} oracle {}; "
            + "updates +{}, rollbacks +{}, moving forecasts {}, {} us/bar (twin)", t,
            published, lstm, best, version - versionAtBlock, run.rolledBack() - rollbacksAtBlock,
            moves, us);
        // Not frozen: a step every 4 bars, most of them applied, and forecasts that move
        assertThat(version - versionAtBlock).as("updates in the block to bar %d", t)
            .isGreaterThan(block / 8);
        assertThat(moves).as("moving forecasts in the block to bar %d", t)
            .isGreaterThan(block * 9 / 10);
        if (t > block) {
          // Not drifted: after the first block, the published forecast is never much worse than
          // naive, and where there is signal (the oracle's skill over 0.05: a weak AR regime
          // has less) both it and the LSTM alone get a good part of it
          assertThat(published).as("published skill in the block to bar %d", t)
              .isGreaterThan(-0.02);
          if (best > 0.05) {
            assertThat(published).as("published skill in the block to bar %d", t)
                .isGreaterThan(best / 2);
            assertThat(lstm).as("LSTM skill in the block to bar %d", t).isGreaterThan(best / 3);
          }
        }
        lowest = Math.min(lowest, moves);
        versionAtBlock = version;
        nanosAtBlock = run.twinNanos();
        rollbacksAtBlock = run.rolledBack();
        moves = 0;
        java.util.Arrays.fill(sums, 0);
        oracle = 0;
      }
    }
    LOG.info("LONGRUN {} bars every {} in {} s: {}; regime flips {}", n, every,
        (System.nanoTime() - wall) / 1e9, run.summary(), series.flips());

    // The counters add up over the whole run, on the restored forecaster as on the twin
    assertThat(run.live().barsSeen()).isEqualTo(n + 1L);
    assertThat(run.live().modelVersion()).isEqualTo(run.twin().modelVersion());
    assertThat(run.restores()).isEqualTo((n + 1L) / every);
    assertThat(run.skipped()).isZero();
    assertThat(run.rolledBack()).isLessThan(run.steps() / 10);
    assertThat(run.maxBytesPerBar()).isLessThanOrEqualTo(TwinRun.STATE_BUDGET);
  }
}
