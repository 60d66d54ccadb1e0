package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the estimator against a linear-regression problem whose per-example gradient
 * distribution is known in closed form.
 *
 * <p>Model: {@code y = x·w* + e}, {@code x ~ N(0, I_d)}, {@code e ~ N(0, s²)}, loss
 * {@code ½(x·w − y)²}. At {@code w = w* + δ} the per-example gradient is
 * {@code g = x(x·δ − e)}, so {@code G = E[g] = δ} and, by Isserlis' theorem,
 * {@code E[g gᵀ] = |δ|² I + 2δδᵀ + s² I}, giving {@code |G|² = |δ|²},
 * {@code trΣ = (d + 1)|δ|² + d·s²} and {@code B_simple = trΣ / |G|²}.
 */
class NoiseScaleEstimatorTest {

  private static final int D = 10;
  private static final double NOISE_SD = 1.0;

  @Test
  void shouldRecoverAnalyticGradientNoiseOnLinearRegression() {
    // Given δ with |δ|² = 1: |G|² = 1, trΣ = 11 + 10 = 21, B_simple = 21
    Random rnd = new Random(2024);
    double[] delta = new double[D];
    double norm = 0;
    for (int i = 0; i < D; i++) {
      delta[i] = rnd.nextGaussian();
      norm += delta[i] * delta[i];
    }
    for (int i = 0; i < D; i++) {
      delta[i] /= Math.sqrt(norm);
    }
    double gradSquared = 1.0;
    double traceSigma = (D + 1) * gradSquared + D * NOISE_SD * NOISE_SD;

    // When many mini-batches of B = 16 in k = 4 micro-batches are fed (slow EMA to average)
    int batch = 16;
    int k = 4;
    int b = batch / k;
    int steps = 20_000;
    NoiseScaleEstimator est = new NoiseScaleEstimator(1e-3);
    double sumG = 0;
    double sumS = 0;
    for (int step = 0; step < steps; step++) {
      double[][] means = new double[k][D];
      for (int j = 0; j < k; j++) {
        for (int e = 0; e < b; e++) {
          double[] g = perExampleGradient(delta, rnd);
          for (int i = 0; i < D; i++) {
            means[j][i] += g[i] / b;
          }
        }
      }
      NoiseScaleEstimator.Estimate raw = est.update(means, b);
      sumG += raw.gradSquared();
      sumS += raw.traceSigma();
    }

    // Then the unbiased estimates and the smoothed B_simple are within 15% of the analytic values
    assertThat(sumG / steps).isCloseTo(gradSquared, within(0.15 * gradSquared));
    assertThat(sumS / steps).isCloseTo(traceSigma, within(0.15 * traceSigma));
    assertThat(est.emaGradSquared()).isCloseTo(gradSquared, within(0.15 * gradSquared));
    assertThat(est.emaTraceSigma()).isCloseTo(traceSigma, within(0.15 * traceSigma));
    double bSimple = traceSigma / gradSquared;
    assertThat(est.noiseScale()).isCloseTo(bSimple, within(0.15 * bSimple));
    assertThat(est.observations()).isEqualTo(steps);
  }

  @Test
  void shouldReturnZerosWithFewerThanTwoMicroBatches() {
    NoiseScaleEstimator est = new NoiseScaleEstimator();
    NoiseScaleEstimator.Estimate raw = est.update(new double[][] {{1, 2, 3}}, 16);
    assertThat(raw.gradSquared()).isZero();
    assertThat(raw.traceSigma()).isZero();
    assertThat(est.noiseScale()).isZero();
    assertThat(est.observations()).isZero();
  }

  @Test
  void shouldMatchClosedFormForTwoMicroBatches() {
    // Given g1 = (1, 0), g2 = (0, 1) from micro-batches of b = 3
    NoiseScaleEstimator est = new NoiseScaleEstimator();

    // When folded in
    NoiseScaleEstimator.Estimate raw = est.update(new double[][] {{1, 0}, {0, 1}}, 3);

    // Then local = 1, total = 0.5: |G|² = (2·0.5 − 1)/1 = 0, trΣ = 3·2·(1 − 0.5) = 3
    assertThat(raw.gradSquared()).isCloseTo(0, within(1e-15));
    assertThat(raw.traceSigma()).isCloseTo(3, within(1e-15));
    assertThat(est.noiseScale()).as("denominator not positive").isZero();
  }

  private static double[] perExampleGradient(double[] delta, Random rnd) {
    double[] x = new double[D];
    double dot = 0;
    for (int i = 0; i < D; i++) {
      x[i] = rnd.nextGaussian();
      dot += x[i] * delta[i];
    }
    double residual = dot - NOISE_SD * rnd.nextGaussian();
    for (int i = 0; i < D; i++) {
      x[i] *= residual;
    }
    return x;
  }
}
