package io.tickcast.model.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RlsArTest {

  /** Feeds an AR(1) with coefficient phi for n bars, returning the last value. */
  private static double feed(RlsAr rls, Random rnd, double phi, int n, double prev, double sd) {
    double r = prev;
    for (int i = 0; i < n; i++) {
      r = phi * r + sd * rnd.nextGaussian();
      rls.update(r);
    }
    return r;
  }

  @Test
  void shouldLearnAnAr1CoefficientWithinTensOfBarsAndRelearnAfterAFlip() {
    RlsAr rls = new RlsAr(1, 0.95, 10, 250, 100);
    Random rnd = new Random(7);
    double r = feed(rls, rnd, 0.6, 40, 0, 1e-3);
    assertThat(rls.coefficients()[0]).isBetween(0.4, 0.8);
    r = feed(rls, rnd, 0.6, 1000, r, 1e-3);
    feed(rls, rnd, -0.6, 60, r, 1e-3);
    assertThat(rls.coefficients()[0]).isBetween(-0.8, -0.35);
  }

  @Test
  void shouldStayStableAndBoundedOver1e5BarsIncludingQuietStretches() {
    RlsAr rls = RlsAr.defaults();
    Random rnd = new Random(11);
    double r = 0;
    double maxTrace = 0;
    for (int i = 0; i < 100_000; i++) {
      // A dead-flat stretch (no excitation) every 20k bars: where P winds up without the cap.
      boolean quiet = i % 20_000 > 19_000;
      double sd = (i / 10_000) % 2 == 0 ? 1e-3 : 4e-3;
      r = quiet ? 0 : 0.3 * r + sd * rnd.nextGaussian();
      double f = rls.predict();
      assertThat(f).isFinite();
      rls.update(r);
      maxTrace = Math.max(maxTrace, rls.traceP());
    }
    assertThat(maxTrace).isLessThanOrEqualTo(5 * 10.0 + 1e-9);
    for (double w : rls.coefficients()) {
      assertThat(w).isFinite().isBetween(-2.0, 2.0);
    }
    assertThat(rls.coefficients()[0]).isBetween(0.15, 0.45);
    assertThat(rls.sigma()).isFinite().isPositive();
  }

  @Test
  void shouldForecastInReturnUnitsAcrossAVolatilityJump() {
    RlsAr rls = new RlsAr(1, 0.99, 10, 50, 50);
    Random rnd = new Random(3);
    double r = feed(rls, rnd, 0.5, 2000, 0, 1e-3);
    r = feed(rls, rnd, 0.5, 500, r, 4e-3);
    assertThat(rls.coefficients()[0]).isBetween(0.35, 0.65);
    assertThat(rls.sigma()).isBetween(2.5e-3, 6e-3);
    assertThat(rls.predict() / r).isBetween(0.3, 0.7);
  }
}
