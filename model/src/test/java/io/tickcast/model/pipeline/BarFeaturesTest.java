package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.fixtures.SyntheticBars;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network's fast input: where it sits in a row, its units, and its bounds. */
class BarFeaturesTest extends ModelTestBase {

  @Test
  void shouldAppendTheFastForecastInLabelUnitsAfterTheBarFeatures() {
    // Given features that have seen some bars
    List<Bar> bars = SyntheticBars.ar1("BF", 60, 0.3, 0.002, 5);
    BarFeatures features = fed(bars.subList(0, 59), 0.0);

    // When the next bar is folded in with a linear forecast of 0.001
    advance(features, bars.get(59), 0.001);

    // Then its row holds the five normalised bar features, then that forecast standardised with
    // the target statistics the row's label will be normalised with (after this bar)
    EwNormalizer t = features.target();
    double expected = (0.001 - t.mean(0)) / t.sd(0);
    assertThat(features.ring().width()).isEqualTo(ForecasterConfig.INPUTS);
    assertThat((double) features.ring().value(0, ForecasterConfig.FEATURES))
        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(expected).isNotZero();
  }

  @Test
  void shouldClipAnAbsurdFastForecastAndZeroANonFiniteOne() {
    List<Bar> bars = SyntheticBars.ar1("BF", 30, 0.3, 0.002, 6);
    BarFeatures features = fed(bars.subList(0, 29), 1e6);
    assertThat((double) features.ring().value(0, ForecasterConfig.FEATURES))
        .isEqualTo(EwNormalizer.CLIP);

    advance(features, bars.get(29), Double.NaN);
    assertThat(features.ring().value(0, ForecasterConfig.FEATURES)).isZero();
  }

  /** Features after {@code bars} (the first only seeds the close), each with {@code fast}. */
  private static BarFeatures fed(List<Bar> bars, double fast) {
    BarFeatures features = BarFeatures.fresh(smallConfig());
    features.accept(bars.get(0));
    for (Bar b : bars.subList(1, bars.size())) {
      advance(features, b, fast);
    }
    return features;
  }

  private static void advance(BarFeatures features, Bar b, double fast) {
    double[] x = features.extract(b);
    features.advance(b, x, x[0], new double[] {fast});
  }
}
