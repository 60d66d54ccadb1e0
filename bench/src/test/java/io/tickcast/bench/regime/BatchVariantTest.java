package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.training.LinearWarmupSchedule;
import org.junit.jupiter.api.Test;

class BatchVariantTest {

  private static double peakLr(BatchVariant v) {
    return LinearWarmupSchedule.of(v.config(1)).peak();
  }

  @Test
  void equalExamplesArmsScaleTheLearningRateLinearlyWithB() {
    for (int b : BatchVariant.BATCHES) {
      double expected = 3e-3 * b / 16;
      assertThat(peakLr(BatchVariant.of(BatchVariant.Arm.EXAMPLES, b))).isCloseTo(expected,
          within(1e-12));
      assertThat(peakLr(BatchVariant.of(BatchVariant.Arm.ONCE, b))).isCloseTo(expected,
          within(1e-12));
    }
  }

  @Test
  void equalFrequencyArmKeepsTheLearningRateAtThreeTimesTenToTheMinusThree() {
    for (int b : BatchVariant.BATCHES) {
      assertThat(peakLr(BatchVariant.of(BatchVariant.Arm.FREQUENCY, b))).isCloseTo(3e-3,
          within(1e-12));
    }
  }

  /** What each arm claims about steps and sequences per bar is what the forecaster does. */
  @Test
  void armsStepAsTheyClaimOnTheProductionForecaster() {
    double[] r = Kind.AR1_FLIP.generate(1, 2500, false).r();
    int bars = 400;
    ForecasterProbe once = run(BatchVariant.of(BatchVariant.Arm.ONCE, 8), r, bars);
    ForecasterProbe examples = run(BatchVariant.of(BatchVariant.Arm.EXAMPLES, 8), r, bars);
    ForecasterProbe frequency = run(BatchVariant.of(BatchVariant.Arm.FREQUENCY, 8), r, bars);
    // The first T = 32 bars fill the ring; after that every bar labels one sequence.
    int labelled = bars - 32;
    assertThat(once.steps()).isBetween(labelled / 8L - 2, labelled / 8L + 1);
    assertThat(examples.steps()).isBetween(labelled / 8L - 2, labelled / 8L + 1);
    assertThat(frequency.steps()).isBetween(labelled / 4L - 2, labelled / 4L + 1);
    assertThat(frequency.examples()).isEqualTo(8 * frequency.steps());
    assertThat(once.meanBatch()).isEqualTo(8.0);
  }

  @Test
  void adaptiveArmMovesTheBatchSize() {
    double[] r = Kind.THRESHOLD_FLIP.generate(1, 2500, false).r();
    ForecasterProbe adaptive = run(BatchVariant.of(BatchVariant.Arm.ADAPTIVE, 16), r, 600);
    assertThat(adaptive.steps()).isPositive();
    assertThat(adaptive.meanBatch()).isNotEqualTo(16.0);
  }

  private static ForecasterProbe run(BatchVariant v, double[] r, int bars) {
    ForecasterProbe p = new ForecasterProbe(v.config(1));
    for (int t = 0; t < bars; t++) {
      p.observe(r[t]);
    }
    return p;
  }
}
