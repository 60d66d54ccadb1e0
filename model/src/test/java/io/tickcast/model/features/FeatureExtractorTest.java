package io.tickcast.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

  @Test
  void shouldComputeLogFeaturesAgainstPreviousClose() {
    // Given a bar closing at 101 after a previous close of 100
    Bar bar = new Bar("X", 0, 60_000, 100.5, 102.0, 99.0, 101.0, 250.0, 100.8, 42);

    // When its features are computed
    double[] f = FeatureExtractor.features(bar, 100.0);

    // Then each is the documented log quantity
    assertThat(f).hasSize(ForecasterConfig.FEATURES);
    assertThat(f[FeatureExtractor.LOG_RETURN]).isCloseTo(Math.log(1.01), within(1e-15));
    assertThat(f[FeatureExtractor.LOG_RANGE]).isCloseTo(Math.log(102.0 / 99.0), within(1e-15));
    assertThat(f[FeatureExtractor.LOG_VOLUME]).isCloseTo(Math.log(251.0), within(1e-12));
    assertThat(f[FeatureExtractor.LOG_TICKS]).isCloseTo(Math.log(43.0), within(1e-12));
    assertThat(f[FeatureExtractor.LOG_CLOSE_VWAP]).isCloseTo(Math.log(101.0 / 100.8),
        within(1e-15));
  }

  @Test
  void shouldMapEmptyBarToZeroActivityFeatures() {
    // Given a flat bar with no trades
    Bar bar = new Bar("X", 0, 60_000, 50, 50, 50, 50, 0, 50, 0);

    // When its features are computed against the same close
    double[] f = FeatureExtractor.features(bar, 50);

    // Then all are exactly zero and finite
    assertThat(f).containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void shouldRejectInvalidPreviousClose() {
    Bar bar = new Bar("X", 0, 60_000, 50, 50, 50, 50, 0, 50, 0);
    assertThatThrownBy(() -> FeatureExtractor.features(bar, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prevClose");
    assertThatThrownBy(() -> FeatureExtractor.features(bar, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
