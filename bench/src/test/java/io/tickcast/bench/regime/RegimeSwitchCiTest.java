package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI-sized regime-switch test of issue 10, against the prototype learner: a seeded AR(1)
 * sign flip (2,500 bars per regime, φ = ±0.6); the published forecast and the LSTM expert must
 * recover within 300 bars of each flip and reach a steady efficiency of 0.6 in every regime.
 * Re-point {@link OnlineLstm} at the redesigned learner when it lands.
 */
class RegimeSwitchCiTest {

  @Test
  void publishedAndLstmRecoverWithin300BarsAndHoldSteadyEfficiency() {
    Series s = Kind.AR1_FLIP.generate(1, 2500, false);
    OnlineLstm learner = new OnlineLstm(LearnerConfig.defaults());
    Run run = Run.of(s.r(), List.of(new Anchors(), learner));
    for (String p : List.of("published", "lstm")) {
      Scores sc = Scores.of("ci", s, 1, p, run.mean.get(p), run.sigma.get(p), 0);
      assertThat(sc.recovery()[1]).as(p + " recovery after flip 1").isBetween(0, 300);
      assertThat(sc.recovery()[2]).as(p + " recovery after flip 2").isBetween(0, 300);
      for (int i = 0; i < 3; i++) {
        assertThat(sc.steady()[i]).as(p + " steady efficiency, regime " + (i + 1))
            .isGreaterThanOrEqualTo(0.6);
      }
    }
    // And it must be able to fail: the naive forecast never recovers.
    Scores naive = Scores.of("ci", s, 1, "naive", run.mean.get("naive"), run.sigma.get("naive"),
        0);
    assertThat(naive.recovery()[1]).isEqualTo(-1);
  }
}
