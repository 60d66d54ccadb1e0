package io.tickcast.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivationsTest {

  @Test
  void shouldApproximateTanhToAFewFloatUlps() {
    // Given a dense grid over and beyond the saturation range, plus tiny magnitudes
    float[] xs = grid();
    float[] t = xs.clone();

    // When tanh is applied in place
    Activations.tanh(t, 0, t.length);

    // Then it is within 4e-7 relative of the exact value everywhere, and never beyond ±1
    double worst = 0;
    for (int i = 0; i < xs.length; i++) {
      double exact = Math.tanh(xs[i]);
      double rel = Math.abs(t[i] - exact) / Math.max(Math.abs(exact), 1e-30);
      worst = Math.max(worst, rel);
      assertThat(Math.abs(t[i])).isLessThanOrEqualTo(1f);
      assertThat(Activations.tanh(xs[i])).isEqualTo(t[i]);
    }
    assertThat(worst).isLessThan(4e-7);
    assertThat(Activations.tanh(0f)).isZero();
  }

  @Test
  void shouldApproximateTheSigmoidToFloatAbsoluteAccuracy() {
    // Given the same grid
    float[] xs = grid();
    float[] s = xs.clone();

    // When the sigmoid is applied in place
    Activations.sigmoid(s, 0, s.length);

    // Then the absolute error is below 2e-7 and the value stays in [0, 1]
    for (int i = 0; i < xs.length; i++) {
      double exact = 1 / (1 + Math.exp(-xs[i]));
      assertThat(Math.abs(s[i] - exact)).as("x=%s", xs[i]).isLessThan(2e-7);
      assertThat(s[i]).isBetween(0f, 1f);
      assertThat(Activations.sigmoid(xs[i])).isEqualTo(s[i]);
    }
    assertThat(Activations.sigmoid(0f)).isEqualTo(0.5f);
  }

  @Test
  void shouldPropagateNanAndSaturateInfinities() {
    // Given NaN and infinite pre-activations (the trainer's non-finite guard relies on NaN)
    float[] t = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    float[] s = t.clone();

    // When activated
    Activations.tanh(t, 0, 3);
    Activations.sigmoid(s, 0, 3);

    // Then NaN stays NaN and infinities saturate like the exact functions
    assertThat(t).containsExactly(Float.NaN, 1f, -1f);
    assertThat(s).containsExactly(Float.NaN, 1f, 0f);
  }

  @Test
  void shouldOnlyTouchTheGivenRange() {
    float[] a = {3f, 3f, 3f, 3f};
    Activations.tanh(a, 1, 3);
    assertThat(a[0]).isEqualTo(3f);
    assertThat(a[3]).isEqualTo(3f);
    assertThat(a[1]).isEqualTo(a[2]).isLessThan(1f);
  }

  private static float[] grid() {
    int n = 200_001;
    float[] xs = new float[n + 2 * 400];
    for (int i = 0; i < n; i++) {
      xs[i] = -12f + 24f * i / (n - 1);
    }
    for (int i = 0; i < 400; i++) {
      float tiny = (float) Math.pow(10, -8 + 7.0 * i / 399);
      xs[n + 2 * i] = tiny;
      xs[n + 2 * i + 1] = -tiny;
    }
    return xs;
  }
}
