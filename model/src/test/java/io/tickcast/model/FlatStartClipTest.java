package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.BarFeed;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bad-print clip ({@code SymbolForecaster.winsorise}) must not throttle the first returns of
 * a market that had nothing to measure a scale on: a symbol dead (constant price) from its first
 * bar, or a market flat for a whole weekend of 1-minute bars (RiskMetrics and the linear
 * expert's sd decayed to nearly nothing). Clipping there at 10 × that decayed scale made the
 * published sigma 3e-5 (dead start) and 0.015 (weekend) of the true one on the first active bar,
 * with a mean QLIKE of 2e7 and 1,500 over the first 30 (review of 2026-12-02).
 */
class FlatStartClipTest extends ModelTestBase {

  private static final double SIGMA = 1e-3;

  /** Mean QLIKE of the published sigma over the first 30 active bars; asserts the first 10. */
  private static double resume(String name, int activeBefore, int flat, double firstMove) {
    SymbolForecaster f = SymbolForecaster.create(name, ForecasterConfig.defaults());
    BarFeed feed = new BarFeed(name, 100);
    f.onBar(feed.first());
    Random rnd = new Random(5);
    double prev = 0;
    for (int t = 0; t < activeBefore; t++) {
      prev = 0.5 * prev + SIGMA * rnd.nextGaussian();
      f.onBar(feed.next(prev));
    }
    for (int t = 0; t < flat; t++) {
      f.onBar(feed.flat());
    }
    double qlike = 0;
    Forecast last = null;
    for (int t = 0; t < 31; t++) {
      double r = t == 0 ? firstMove * SIGMA : 0.5 * prev + SIGMA * rnd.nextGaussian();
      prev = r;
      if (last != null) {
        double x = r * r / (last.sigma() * last.sigma());
        qlike += x - Math.log(x) - 1;
      }
      last = f.onBar(feed.next(r)).forecast();
      if (t < 10) {
        assertThat(last.sigma() / SIGMA).as("%s: published sigma / true sd, active bar %d", name, t)
            .isGreaterThan(0.25);
      }
    }
    return qlike / 30;
  }

  @Test
  void aSymbolDeadFromItsStartIsNotClippedWhenItComesAlive() {
    assertThat(resume("DEAD", 0, 2000, 1)).isLessThan(5);
  }

  @Test
  void aWeekendOfFlatBarsDoesNotClipTheOpeningGap() {
    assertThat(resume("WEEKEND", 600, 3930, 6)).isLessThan(5);
  }
}
