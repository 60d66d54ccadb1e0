package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.online.MixReset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ForecasterConfig#mixReset()} (off by default; branch remix): on a skill alarm the mean
 * mix drops the LSTM's lead. Forecasters with the default and with each mode run on the same
 * threshold flip: they must agree bit for bit until the first skill alarm (the knob touches nothing
 * else), and on that bar the reset mix must publish an LSTM weight under the catch-up's gate (0.25)
 * where the default's is above 0.4; UNIFORM lifts every expert, DEMOTE keeps the others' ratios.
 */
class MixReshareTest {

  private static final long BAR_MS = 60_000L;

  @Test
  void shouldRestartTheMeanMixOnlyOnASkillAlarm() {
    double[][] w = firstDivergence(MixReset.Mode.UNIFORM);
    assertThat(w[1][0]).isLessThan(0.25);
    // Every expert got 1/5 of the weight back, the naive one too (from under 0.1).
    assertThat(w[0][2]).isLessThan(0.1);
    for (double v : w[1]) {
      assertThat(v).isGreaterThan(0.1);
    }
  }

  @Test
  void shouldDemoteOnlyTheLstmOnASkillAlarm() {
    double[][] w = firstDivergence(MixReset.Mode.DEMOTE);
    assertThat(w[1][0]).isLessThan(0.25);
    // The other experts' ratios are the default's (the same update, one common factor; the
    // share floor ε/K of that update adds under 1 %).
    for (int k = 2; k < w[0].length; k++) {
      assertThat(w[1][k] / w[1][1]).isCloseTo(w[0][k] / w[0][1],
          org.assertj.core.data.Percentage.withPercentage(1));
    }
  }

  /**
   * The default's and the reset forecaster's mean weights (in {@code ExpertPanel.EXPERTS} order:
   * lstm, linear, naive, momentum, slow linear) on the first bar their forecasts differ.
   */
  private static double[][] firstDivergence(MixReset.Mode mode) {
    int n = 500 + 2500 + 1000;
    double[] r = new double[n];
    Random rnd = new Random(1_000_003L);
    for (int t = 0; t < n; t++) {
      double prev = t == 0 ? 0 : r[t - 1];
      // The bench's threshold kind: the LSTM learns the kink and leads the mix, then it flips.
      boolean up = (prev > 0) == (t < 3000);
      r[t] = (up ? 0.6 : -0.3) * prev + 1e-3 * rnd.nextGaussian();
    }
    ForecasterConfig off = ForecasterConfig.defaults();
    SymbolForecaster a = SymbolForecaster.create("RS", off);
    SymbolForecaster b = SymbolForecaster.create("RS",
        off.toBuilder().mixReset(new MixReset(mode, 1.0)).build());
    double close = 100;
    long end = 1_700_000_000_000L;
    Bar first = new Bar("RS", end - BAR_MS, end, close, close, close, close, 10, close, 10);
    a.onBar(first);
    b.onBar(first);
    for (int t = 0; t < n; t++) {
      double open = close;
      close = open * Math.exp(r[t]);
      Bar bar = new Bar("RS", end, end + BAR_MS, open, Math.max(open, close),
          Math.min(open, close), close, 10, (open + close) / 2, 10);
      end += BAR_MS;
      BarResult ra = a.onBar(bar);
      BarResult rb = b.onBar(bar);
      Forecast fa = ra.forecast();
      Forecast fb = rb.forecast();
      if (fa == null) {
        assertThat(fb).isNull();
        continue;
      }
      if (fa.predictedReturn() != fb.predictedReturn() || !fa.weights().equals(fb.weights())) {
        assertThat(t).as("a reset before the flip").isGreaterThan(3000);
        assertThat(ra.adaptation().drift()).as("bar %d diverged without an alarm", t).isTrue();
        assertThat(fb.modelReturn()).isEqualTo(fa.modelReturn());
        assertThat(fa.weights().get("lstm")).isGreaterThan(0.4);
        return new double[][] {
            fa.weights().values().stream().mapToDouble(Double::doubleValue).toArray(),
            fb.weights().values().stream().mapToDouble(Double::doubleValue).toArray()};
      }
    }
    throw new AssertionError("no skill alarm reset the mix");
  }
}
