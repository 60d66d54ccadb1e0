package io.tickcast.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.Score;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PrequentialEvaluatorTest {

  @Test
  void shouldComputeWindowedMetricsAgainstNaiveAndEwma() {
    // Given a window of 3 and forecasts (model, ewma) for returns 0.02, -0.01
    PrequentialEvaluator e = new PrequentialEvaluator(3);
    e.score(0.02, 0.01, 0.02, 0.0, 0.01);

    // When the second is scored
    Score s = e.score(-0.01, 0.005, 0.01, 0.001, 0.01);

    // Then the metrics are the exponentially weighted means (the older one weighs 1 - 1/3)
    double w = 2.0 / 3;
    assertThat(s.scored()).isEqualTo(2);
    assertThat(s.mseModel()).isCloseTo((w * 0.0001 + 0.000225) / (1 + w), within(1e-12));
    assertThat(s.mseNaive()).isCloseTo((w * 0.0004 + 0.0001) / (1 + w), within(1e-12));
    assertThat(s.mseEwma()).isCloseTo((w * 0.0004 + 0.000121) / (1 + w), within(1e-12));
    assertThat(s.maeModel()).isCloseTo((w * 0.01 + 0.015) / (1 + w), within(1e-12));
    assertThat(s.directionalAccuracy()).isCloseTo(w / (1 + w), within(1e-12));
    assertThat(s.skill()).isCloseTo(1 - (w * 0.0001 + 0.000225) / (w * 0.0004 + 0.0001),
        within(1e-9));
    assertThat(s.qlikeModel()).isCloseTo(
        (w * PrequentialEvaluator.qlike(0.02, 0.02) + PrequentialEvaluator.qlike(0.01, -0.01))
            / (1 + w), within(1e-9));
    assertThat(PrequentialEvaluator.qlike(0.01, -0.01)).isCloseTo(Math.log(1e-4) + 1,
        within(1e-12));
    assertThat(s.actualReturn()).isEqualTo(-0.01);
    assertThat(s.naiveReturn()).isZero();
    assertThat(s.ewmaReturn()).isEqualTo(0.001);
  }

  @Test
  void shouldForgetForecastsOlderThanTheWindow() {
    // Given a perfect forecast followed by two terrible ones in a window of 2
    PrequentialEvaluator e = new PrequentialEvaluator(2);
    e.score(0.01, 0.01, 0.01, 0, 0.01);
    e.score(0.01, -0.01, 0.01, 0, 0.01);
    Score s = e.score(0.01, -0.01, 0.01, 0, 0.01);

    // Then the old perfect forecast has faded (weights 1/4, 1/2, 1): skill is far below the
    // cumulative 1 - 8/3 and close to the last two's 1 - 4
    assertThat(s.scored()).isEqualTo(2);
    assertThat(s.skill()).isCloseTo(1 - (0.5 * 4e-4 + 4e-4) / (1.75 * 1e-4), within(1e-9));
    assertThat(s.directionalAccuracy()).isCloseTo(0.25 / 1.75, within(1e-12));
  }

  @Test
  void shouldStayFiniteOnZeroReturnsAndZeroSigma() {
    PrequentialEvaluator e = new PrequentialEvaluator(5);
    Score s = e.score(0, 0, 0, 0, 0);
    assertThat(s.skill()).isZero();
    assertThat(s.qlikeModel()).isFinite();
    assertThat(s.directionalAccuracy()).isZero();
  }

  @Test
  void shouldRoundTripThroughBytes() throws IOException {
    // Given a wrapped window
    PrequentialEvaluator e = new PrequentialEvaluator(3);
    for (int i = 0; i < 5; i++) {
      e.score(0.01 * i - 0.02, 0.001 * i, 0.01, 0.0005, 0.012);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    e.writeTo(new DataOutputStream(bytes));
    PrequentialEvaluator copy = PrequentialEvaluator.readFrom(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3);

    // Then the next score is identical
    assertThat(copy.score(0.003, 0.001, 0.02, 0.0, 0.01))
        .isEqualTo(e.score(0.003, 0.001, 0.02, 0.0, 0.01));
  }

  @Test
  void shouldTrackEwmaMeanAndRiskMetricsVariance() {
    EwmaBaseline b = new EwmaBaseline(0.5, 0.9);
    assertThat(b.sigma()).isEqualTo(EwmaBaseline.SIGMA_FLOOR);
    b.update(0.02);
    assertThat(b.mean()).isCloseTo(0.01, within(1e-15));
    assertThat(b.sigma()).isCloseTo(0.02, within(1e-15));
    b.update(0.0);
    assertThat(b.mean()).isCloseTo(0.005, within(1e-15));
    assertThat(b.sigma()).isCloseTo(Math.sqrt(0.9 * 0.0004), within(1e-15));
  }
}
