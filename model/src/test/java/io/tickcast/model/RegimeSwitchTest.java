package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.fixtures.SyntheticBars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small mini-batches adapt to a regime switch faster than a near-full-batch trainer (B=256),
 * both under the linear scaling rule. Recovery: bars after the switch until the trainer's rolling
 * 100-bar prequential error is within 10% of the new regime's achievable level (the best tail
 * level over all trainers, which all see the same bars). The error is the squared error of the
 * mean for the autoregressive flip, and the standardised squared error {@code e²/σ̂²} for the
 * volatility jump: a 4× volatility jump changes the MSE of every predictor at once (the mean
 * forecast is near zero either way), so what has to adapt there is the forecast sigma.
 */
class RegimeSwitchTest extends ModelTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(RegimeSwitchTest.class);
  private static final int BEFORE = 2500;
  private static final int AFTER = 2500;
  private static final int ROLL = 100;
  private static final int SEEDS = 5;

  @Test
  void shouldRecoverFasterWithSmallBatchesAfterAnAutoregressiveFlip() {
    // Given five seeded AR(1) series whose coefficient flips from +0.6 to -0.6
    Map<String, List<Long>> all = new LinkedHashMap<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      recoveries(series(0.6, -0.6, 1.0, 1.0, seed), false)
          .forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    // Then the small-batch trainer's median recovery is shorter than B=256's
    assertThat(median(all.get("B=4")))
        .as("median recovery bars after AR flip +0.6 -> -0.6, per seed: %s", all)
        .isLessThan(median(all.get("B=256")));
  }

  // The previous release also claimed "B=4 recovers no slower than B=256 after a 4x volatility
  // jump". Since the network reads the linear expert's forecast (issue 10) that no longer holds
  // (median over 5 seeds 276 vs 251 bars): recovery after a pure volatility jump comes from the
  // normalisers and that input, not from the step count, so it was dropped rather than loosened.

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    java.util.Collections.sort(s);
    return s.get(s.size() / 2);
  }

  @Test
  void shouldGrowAdaptiveBatchOnStationaryDataAndDropItAfterAShift() {
    ForecasterConfig cfg = base().withAdapt(new ForecasterConfig.Adaptivity(true, 2, 64, 0.5,
        30.0, false, 50)).withBatchSize(2);
    SymbolForecaster f = SymbolForecaster.create("SW", cfg);
    List<Bar> bars = series(0.5, -0.5, 1.0, 4.0, 31);
    int maxBeforeShift = 0;
    int afterDrift = -1;
    for (int i = 0; i < bars.size(); i++) {
      BarResult r = f.onBar(bars.get(i));
      if (i < BEFORE) {
        maxBeforeShift = Math.max(maxBeforeShift, r.adaptation().batchSize());
      } else if (r.adaptation() != null && r.adaptation().drift() && afterDrift < 0) {
        afterDrift = r.adaptation().batchSize();
      }
    }
    assertThat(maxBeforeShift).as("B grew on the stationary part").isGreaterThanOrEqualTo(8);
    assertThat(f.drifts()).as("drift alarms").isGreaterThanOrEqualTo(1);
    assertThat(afterDrift).as("B right after the post-shift drift alarm").isEqualTo(2);
  }

  private static ForecasterConfig base() {
    return smallConfig().withHiddenSize(8).withLearningRate(1e-2);
  }

  private Map<String, Long> recoveries(List<Bar> bars, boolean standardised) {
    Map<String, ForecasterConfig> variants = new LinkedHashMap<>();
    ForecasterConfig b = base();
    variants.put("B=4", b.withBatchSize(4));
    variants.put("adaptive", b.withBatchSize(4).withAdapt(
        new ForecasterConfig.Adaptivity(true, 2, 64, 0.5, 30.0, false, 50)));
    variants.put("B=256", b.withBatchSize(256));
    Map<String, double[]> errors = new LinkedHashMap<>();
    for (Map.Entry<String, ForecasterConfig> v : variants.entrySet()) {
      SymbolForecaster f = SymbolForecaster.create("SW", v.getValue());
      double[] e = new double[bars.size()];
      java.util.Arrays.fill(e, Double.NaN);
      for (int i = 0; i < bars.size(); i++) {
        BarResult r = f.onBar(bars.get(i));
        if (r.score() != null) {
          double d = r.score().actualReturn() - r.score().modelReturn();
          double s = r.score().modelSigma();
          e[i] = standardised ? d * d / (s * s) : d * d;
        }
      }
      errors.put(v.getKey(), e);
    }
    double level = Double.MAX_VALUE;
    for (double[] e : errors.values()) {
      level = Math.min(level, mean(e, bars.size() - 1000, bars.size()));
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : errors.entrySet()) {
      long rec = AFTER;
      for (int i = BEFORE + ROLL; i < bars.size(); i++) {
        if (mean(e.getValue(), i - ROLL, i) <= 1.1 * level) {
          rec = i - BEFORE;
          break;
        }
      }
      out.put(e.getKey(), rec);
    }
    LOG.info("recovery bars {} (new-regime level {})", out, level);
    return out;
  }

  private static double mean(double[] e, int from, int to) {
    double s = 0;
    int n = 0;
    for (int i = from; i < to; i++) {
      if (!Double.isNaN(e[i])) {
        s += e[i];
        n++;
      }
    }
    return n == 0 ? Double.MAX_VALUE : s / n;
  }

  /** AR(1) log returns (vol 0.5%) whose coefficient and volatility switch at bar BEFORE. */
  private static List<Bar> series(double phi1, double phi2, double vol1, double vol2, long seed) {
    Random rnd = new Random(seed);
    List<Bar> bars = new ArrayList<>();
    double open = 100;
    double r = 0;
    for (int i = 0; i < BEFORE + AFTER; i++) {
      boolean after = i >= BEFORE;
      double sigma = 0.005 * (after ? vol2 : vol1);
      r = (after ? phi2 : phi1) * r + sigma * rnd.nextGaussian();
      Bar bar = SyntheticBars.bar("SW", i, open, r, sigma, rnd);
      bars.add(bar);
      open = bar.close();
    }
    return bars;
  }
}
