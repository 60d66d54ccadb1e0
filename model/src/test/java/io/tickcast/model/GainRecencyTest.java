package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.training.HeadRefit;
import io.tickcast.model.fixtures.SyntheticBars;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The network gain's recency weights end to end ({@code model.fast.skip.gain.half.life}): the
 * forecaster's steps hand the replay batch's ages to the gain's fit, so after a shift the gain
 * hears the newest labels first.
 */
class GainRecencyTest extends ModelTestBase {

  private static final int BEFORE = 2_000;
  private static final int AFTER = 300;

  /**
   * Threshold AR returns, where the network carries what the linear forecast cannot: φ +0.6
   * after an up bar and −0.3 after a down bar for {@link #BEFORE} bars, then the two swapped.
   */
  private static List<Bar> flip() {
    Random rnd = new Random(5);
    double vol = 0.001;
    double sd = vol * Math.sqrt(1 - 0.36);
    List<Bar> bars = new ArrayList<>();
    double close = 100;
    double r = 0;
    for (int i = 0; i < BEFORE + AFTER; i++) {
      boolean up = r > 0;
      double phi = (up == i < BEFORE) ? 0.6 : -0.3;
      r = phi * r + sd * rnd.nextGaussian();
      bars.add(SyntheticBars.bar("FLIP", i, close, r, vol, rnd));
      close = bars.get(i).close();
    }
    return bars;
  }

  /** The gain after every bar. */
  private static double[] gains(ForecasterConfig cfg, List<Bar> bars) {
    SymbolForecaster f = SymbolForecaster.create("FLIP", cfg);
    double[] g = new double[bars.size()];
    for (int i = 0; i < bars.size(); i++) {
      f.onBar(bars.get(i));
      g[i] = f.networkGain();
    }
    return g;
  }

  private static double min(double[] g, int from, int to) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = from; i < to; i++) {
      m = Math.min(m, g[i]);
    }
    return m;
  }

  @Test
  void shouldTurnTheNetworkDownSoonerAfterAShiftWithRecencyWeights() {
    // Given the default forecaster (recency-weighted gain) and one fitting the gain unweighted,
    // both with the catch-up's steps instead of its head refit: the refit, where it fires,
    // corrects the network itself at once, and then neither gain needs to move (this test is
    // about how fast g turns down a network that stays wrong)
    ForecasterConfig weighted = ForecasterConfig.defaults().withHeadRefit(HeadRefit.off());
    ForecasterConfig whole = weighted.withFastSkip(weighted.fastSkip().withGainHalfLife(0));
    List<Bar> bars = flip();

    // When both see a threshold AR whose two sides swap after 2,000 bars
    double[] a = gains(weighted, bars);
    double[] b = gains(whole, bars);

    // Then before the shift both keep the network on (it models what the linear part cannot),
    assertThat(a[BEFORE - 1]).isGreaterThan(0.6);
    assertThat(b[BEFORE - 1]).isGreaterThan(0.6);
    // and within 100 bars after it the weighted gain has turned the network down well below
    // where it was and where the unweighted one still is (measured 0.46 vs 0.93 from 0.82/0.93)
    double weightedLow = min(a, BEFORE, BEFORE + 100);
    assertThat(weightedLow).isLessThan(a[BEFORE - 1] - 0.2);
    assertThat(weightedLow).isLessThan(min(b, BEFORE, BEFORE + 100) - 0.2);
  }
}
