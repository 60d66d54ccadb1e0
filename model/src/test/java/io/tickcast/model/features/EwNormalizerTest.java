package io.tickcast.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EwNormalizerTest {

  @Test
  void shouldMatchSampleMomentsWhenHalfLifeIsVeryLong() {
    // Given 2-d data with known location and scale, and a half-life far beyond the sample
    Random rnd = new Random(1);
    EwNormalizer n = new EwNormalizer(2, 1e12);
    double[] sum = new double[2];
    double[] sumSq = new double[2];
    int count = 5000;
    for (int i = 0; i < count; i++) {
      double[] x = {3 + 2 * rnd.nextGaussian(), -1 + 0.01 * rnd.nextGaussian()};
      n.update(x);
      for (int d = 0; d < 2; d++) {
        sum[d] += x[d];
        sumSq[d] += x[d] * x[d];
      }
    }

    // Then its mean and sd equal the (population) sample moments
    for (int d = 0; d < 2; d++) {
      double mean = sum[d] / count;
      double sd = Math.sqrt(sumSq[d] / count - mean * mean);
      assertThat(n.mean(d)).isCloseTo(mean, within(1e-9 * Math.max(1, Math.abs(mean))));
      assertThat(n.sd(d)).isCloseTo(sd, within(1e-6 * sd));
    }
    assertThat(n.count()).isEqualTo(count);
  }

  @Test
  void shouldForgetWithTheConfiguredHalfLife() {
    // Given a long history at level 0
    EwNormalizer n = new EwNormalizer(1, 50);
    for (int i = 0; i < 5000; i++) {
      n.update(new double[] {0});
    }

    // When exactly one half-life of observations at level 1 arrives
    for (int i = 0; i < 50; i++) {
      n.update(new double[] {1});
    }

    // Then the old regime carries half the weight
    assertThat(n.mean(0)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void shouldStandardiseClampAndStayNeutralBeforeTwoObservations() {
    EwNormalizer n = new EwNormalizer(1, 100);
    // Given fewer than two observations, normalised values carry no information
    assertThat(n.normalize(new double[] {5})).containsExactly(0);
    n.update(new double[] {1});
    assertThat(n.normalize(new double[] {5})).containsExactly(0);

    // When the statistics exist
    n.update(new double[] {3});

    // Then values are standardised and outliers winsorised
    double z = n.normalize(new double[] {n.mean(0) + n.sd(0)})[0];
    assertThat(z).isCloseTo(1.0, within(1e-12));
    assertThat(n.normalize(new double[] {1e9})).containsExactly(EwNormalizer.CLIP);
    assertThat(n.normalize(new double[] {-1e9})).containsExactly(-EwNormalizer.CLIP);
  }

  @Test
  void shouldMapConstantFeatureToZero() {
    EwNormalizer n = new EwNormalizer(1, 100);
    for (int i = 0; i < 10; i++) {
      n.update(new double[] {Math.log1p(1)});
    }
    assertThat(n.normalize(new double[] {Math.log1p(1)})[0]).isZero();
    assertThat(n.sd(0)).isPositive().isFinite();
  }

  @Test
  void shouldRejectNonFiniteObservations() {
    EwNormalizer n = new EwNormalizer(2, 100);
    assertThatThrownBy(() -> n.update(new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(n.count()).isZero();
  }

  @Test
  void shouldRoundTripThroughBytes() throws IOException {
    // Given a normaliser with some history
    EwNormalizer n = new EwNormalizer(3, 20);
    Random rnd = new Random(3);
    for (int i = 0; i < 100; i++) {
      n.update(new double[] {rnd.nextGaussian(), rnd.nextDouble(), i});
    }

    // When it is written and read back
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    n.writeTo(new DataOutputStream(bytes));
    EwNormalizer copy = EwNormalizer.readFrom(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3, 20);

    // Then it normalises and evolves identically
    double[] probe = {0.3, 0.7, 99};
    assertThat(copy.normalize(probe)).containsExactly(n.normalize(probe));
    n.update(probe);
    copy.update(probe);
    assertThat(copy.normalize(probe)).containsExactly(n.normalize(probe));
  }

  @Test
  void shouldClampFarValuesOnlyOnceThereIsAScale() {
    EwNormalizer n = new EwNormalizer(2, 500);
    // Before two observations there is no scale: unchanged
    n.update(new double[] {1.0, 5.0});
    assertThat(n.clamp(0, 1e6, 24)).isEqualTo(1e6);

    Random rnd = new Random(3);
    for (int i = 0; i < 200; i++) {
      n.update(new double[] {1.0 + 0.01 * rnd.nextGaussian(), 5.0});
    }
    // A value within the band is untouched, one beyond it goes to the band's edge
    double edge = n.mean(0) + 24 * n.sd(0);
    assertThat(n.clamp(0, n.mean(0) + 3 * n.sd(0), 24)).isEqualTo(n.mean(0) + 3 * n.sd(0));
    assertThat(n.clamp(0, 1e6, 24)).isCloseTo(edge, within(1e-12));
    assertThat(n.clamp(0, -1e6, 24)).isCloseTo(n.mean(0) - 24 * n.sd(0), within(1e-12));
    // A constant dimension (variance at its floor) has no scale: unchanged, so it can move
    assertThat(n.clamp(1, 7.0, 24)).isEqualTo(7.0);
  }
}
