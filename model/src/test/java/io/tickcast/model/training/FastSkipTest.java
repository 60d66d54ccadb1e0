package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.persistence.ModelCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The learned skip from the fast input to the mean ({@link FastSkip}): what it learns, that the
 * network alone is what an older model restores to, and that it persists with the model.
 */
class FastSkipTest extends ModelTestBase {

  private static final int T = 8;
  private static final int B = 8;

  private static ForecasterConfig withSkip(FastSkip skip) {
    return smallConfig().toBuilder().fastSkip(skip).build();
  }

  /**
   * A batch of noise features whose fast input at the last step is {@code z ~ N(0, 1)}; the label
   * is {@code gain · z + 0.5 · noise}.
   */
  private static float[][] batch(Random rnd, double gain) {
    int width = ForecasterConfig.INPUTS * T;
    float[] x = new float[B * width];
    float[] y = new float[B];
    for (int b = 0; b < B; b++) {
      for (int i = 0; i < width; i++) {
        x[b * width + i] = (float) (0.3 * rnd.nextGaussian());
      }
      double z = rnd.nextGaussian();
      x[b * width + ForecasterConfig.FEATURES * T + T - 1] = (float) z;
      y[b] = (float) (gain * z + 0.5 * rnd.nextGaussian());
    }
    return new float[][] {x, y};
  }

  private static Learner trained(ForecasterConfig cfg, double gain, int steps, long seed) {
    Learner l = new Learner(cfg);
    Random rnd = new Random(seed);
    for (int i = 0; i < steps; i++) {
      float[][] xy = batch(rnd, gain);
      l.step(xy[0], xy[1], B);
    }
    return l;
  }

  @Test
  void shouldLearnAShareOfOneWhenTheLabelIsTheFastInputPlusNoise() {
    // When a fresh learner (s = 0) steps on labels = fast input + noise
    Learner l = trained(withSkip(FastSkip.defaults()), 1.0, 150, 1);

    // Then the skip carries the fast input
    assertThat(l.skip()).isCloseTo(1.0, within(0.2));
  }

  @Test
  void shouldLearnAShareNearZeroWhenTheFastInputIsNoise() {
    // When it steps on labels independent of the fast input, the skip starting at 1
    Learner l = trained(withSkip(new FastSkip(true, 1.0, 0.99, 16)), 0.0, 300, 2);

    // Then the share went to about 0
    assertThat(l.skip()).isCloseTo(0.0, within(0.15));
  }

  @Test
  void shouldForecastTheNetworkPlusTheShareOfTheFastInput() {
    // Given a learner with the skip and one without, same parameters
    Learner with = trained(withSkip(FastSkip.defaults()), 1.0, 40, 3);
    Learner alone = Learner.restored(withSkip(FastSkip.off()), Learner.Backend.KERNEL,
        withoutSkip(with.snapshot()));
    float[][] xy = batch(new Random(4), 1.0);

    // When both forecast
    double[][] a = with.predict(xy[0], B);
    double[][] b = alone.predict(xy[0], B);

    // Then the means differ by exactly s times the fast input, and the sigmas not at all
    assertThat(with.skip()).isNotZero();
    for (int i = 0; i < B; i++) {
      double fast = FastSkip.input(xy[0], i, T);
      assertThat(a[i][0]).isCloseTo(b[i][0] + with.skip() * fast, within(1e-6));
      assertThat(a[i][1]).isEqualTo(b[i][1]);
    }
  }

  @Test
  void shouldRestoreAModelWrittenWithoutTheSkipWithIdenticalForecasts() {
    // Given a model trained and written by a configuration without the skip (the old record)
    Learner old = trained(withSkip(FastSkip.off()), 1.0, 30, 5);
    byte[] bytes = ModelCodec.encode(smallConfig(), old.snapshot(), new DivergenceGuard());
    assertThat(bytes[0]).as("record version").isEqualTo((byte) 1);

    // When a configuration with the skip restores it
    Learner restored = restore(bytes, new FastSkip(true, 1.0, 0.99, 16));

    // Then the share is 0, not a fresh model's, and every forecast is bit for bit the old one
    assertThat(restored.skip()).isZero();
    assertSameForecasts(old, restored, 6);
  }

  @Test
  void shouldRestoreAVersionTwoRecordWithoutTheSkipWithIdenticalForecasts() {
    // Given a model without the skip whose optimizer was reset once (written as version 2)
    Learner old = trained(withSkip(FastSkip.off()), 1.0, 30, 14);
    old.resetOptimizer();
    float[][] next = batch(new Random(15), 1.0);
    old.step(next[0], next[1], B);
    byte[] bytes = ModelCodec.encode(smallConfig(), old.snapshot(), new DivergenceGuard());
    assertThat(bytes[0]).as("record version").isEqualTo((byte) 2);

    // When the skip (λ 0.998, a fresh model's share 1, so a fresh share would show) restores it
    Learner restored = restore(bytes, new FastSkip(true, 1.0, 0.998, 16));

    // Then the share is 0 and the forecasts are the old ones, bit for bit
    assertThat(restored.skip()).isZero();
    assertSameForecasts(old, restored, 16);
  }

  private static Learner restore(byte[] record, FastSkip skip) {
    ForecasterConfig cfg = withSkip(skip);
    return Learner.restored(cfg, Learner.Backend.KERNEL, ModelCodec.decode(record, cfg).snapshot());
  }

  private static void assertSameForecasts(Learner expected, Learner actual, long seed) {
    float[][] xy = batch(new Random(seed), 1.0);
    double[][] before = expected.predict(xy[0], B);
    double[][] after = actual.predict(xy[0], B);
    for (int i = 0; i < B; i++) {
      assertThat(after[i]).containsExactly(before[i]);
    }
  }

  @Test
  void shouldPersistTheSkipWithTheModelAndContinueExactly() {
    // Given a trained learner with the skip
    ForecasterConfig cfg = withSkip(FastSkip.defaults());
    Learner l = trained(cfg, 1.0, 20, 7);
    byte[] bytes = ModelCodec.encode(cfg, l.snapshot(), new DivergenceGuard());

    // When it is restored from its record, and both take the same next steps
    TrainerSnapshot s = ModelCodec.decode(bytes, cfg).snapshot();
    Learner r = Learner.restored(cfg, Learner.Backend.KERNEL, s);
    Random a = new Random(8);
    Random b = new Random(8);
    for (int i = 0; i < 5; i++) {
      float[][] xy = batch(a, 1.0);
      l.step(xy[0], xy[1], B);
      float[][] xy2 = batch(b, 1.0);
      r.step(xy2[0], xy2[1], B);
    }

    // Then the record is version 3, and share and parameters are the same
    assertThat(bytes[0]).as("record version").isEqualTo((byte) 3);
    assertThat(s.skip()).isNotZero();
    assertThat(s.skipState()[1]).as("precision").isPositive();
    assertThat(r.skip()).isEqualTo(l.skip());
    assertThat(r.snapshot().params()).containsExactly(l.snapshot().params());
  }

  @Test
  void shouldLeaveTheShareUnchangedWhenTheGuardRefusesTheStep() {
    // Given a trained learner
    Learner l = trained(withSkip(FastSkip.defaults()), 1.0, 10, 9);
    double before = l.skip();

    // When the guard refuses its next step
    float[][] xy = batch(new Random(10), 3.0);
    Learner.StepResult r = l.step(xy[0], xy[1], B, loss -> false);

    // Then neither the network nor the share moved
    assertThat(r.outcome()).isEqualTo(Learner.Outcome.ROLLED_BACK);
    assertThat(l.skip()).isEqualTo(before);
  }

  @Test
  void shouldLearnTheMomentumCoefficientWhenTheLabelFollowsTheLastReturns() {
    // Given labels = −0.3 × the sum of the last 5 normalised returns + noise (a reversal), and a
    // fast input of pure noise
    ForecasterConfig cfg = withSkip(new FastSkip(true, 0, 0.99, 16, true, false, 0));
    Learner l = new Learner(cfg);
    Random rnd = new Random(11);
    for (int i = 0; i < 200; i++) {
      float[][] xy = batch(rnd, 0.0);
      for (int b = 0; b < B; b++) {
        xy[1][b] = (float) (-0.3 * FastSkip.momentumInput(xy[0], b, T) + 0.5 * rnd.nextGaussian());
      }
      l.step(xy[0], xy[1], B);
    }

    // Then the momentum coefficient (state[1]) found the reversal, and the share stayed small
    double[] state = l.snapshot().skipState();
    assertThat(state).hasSize(6);
    assertThat(state[1]).isCloseTo(-0.3, within(0.1));
    assertThat(state[0]).isCloseTo(0.0, within(0.2));
  }

  @Test
  void shouldShrinkAnInsignificantCoefficientToZeroAndKeepASignificantOne() {
    // Given a state [θ = (0.02, 0.5), P = diag(400, 400)]: t ≈ 0.2 and 5 at 4 replays
    FastSkip skip = new FastSkip(true, 0, 0.99, 16, true, false, 2);
    double[] state = {0.02, 0.5, 400, 0, 0, 400};

    // When the coefficients the forecast uses are read
    double[] used = skip.coefficients(state);

    // Then the noise coefficient is dropped and the significant one shrunk by 1 − c²/t²
    assertThat(used[0]).isZero();
    assertThat(used[1]).isCloseTo(0.5 * (1 - 4 / 25.0), within(1e-12));
    assertThat(new FastSkip(true, 0, 0.99, 16, true, false, 0).coefficients(state))
        .containsExactly(0.02, 0.5);
  }

  @Test
  void shouldKeepAFixedShareAndTrainTheNetworkOnTheResidual() {
    // Given the pure residual (share fixed at 1) and, same seed, the network alone
    FastSkip residual = new FastSkip(true, 1.0, 0.99, 16, false, false, 0, true);
    Learner fixed = trained(withSkip(residual), 1.0, 40, 12);
    Learner alone = new Learner(withSkip(FastSkip.off()));
    Random rnd = new Random(12);
    for (int i = 0; i < 40; i++) {
      float[][] xy = batch(rnd, 1.0);
      for (int b = 0; b < B; b++) {
        xy[1][b] -= (float) FastSkip.input(xy[0], b, T);
      }
      alone.step(xy[0], xy[1], B);
    }

    // Then the share never moved, and the network is the one trained on y − x_fast
    assertThat(fixed.skip()).isEqualTo(1.0);
    assertThat(fixed.snapshot().skipState()).containsExactly(1.0, 0.0);
    assertThat(fixed.snapshot().params()).containsExactly(alone.snapshot().params());
  }

  @Test
  void shouldRestoreAModelWrittenWithoutTheSkipWithTheFixedShare() {
    // Given the old record (no skip)
    Learner old = trained(withSkip(FastSkip.off()), 1.0, 30, 13);
    byte[] bytes = ModelCodec.encode(smallConfig(), old.snapshot(), new DivergenceGuard());

    // When the fixed residual restores it
    ForecasterConfig cfg = withSkip(new FastSkip(true, 1.0, 0.99, 16, false, false, 0, true));
    Learner restored = Learner.restored(cfg, Learner.Backend.KERNEL,
        ModelCodec.decode(bytes, cfg).snapshot());

    // Then it restores (same network) with the configured share, not a learned 0
    assertThat(restored.skip()).isEqualTo(1.0);
    assertThat(restored.snapshot().params()).containsExactly(old.snapshot().params());
  }

  @Test
  void shouldRefuseANonFiniteShare() {
    assertThatThrownBy(() -> new FastSkip(true, Double.NaN, 0.99, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 1.5, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 0.99, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 0.99, 16, true, false, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static TrainerSnapshot withoutSkip(TrainerSnapshot s) {
    return new TrainerSnapshot(s.params(), s.updaterState(), s.iterationCount(),
        s.modelVersion(), s.trainedExamples(), s.skippedSteps(), s.emaGradSquared(),
        s.emaTraceSigma(), s.noiseObservations(), s.momentOrigin());
  }
}
