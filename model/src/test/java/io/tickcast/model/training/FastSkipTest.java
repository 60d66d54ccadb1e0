package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.persistence.ModelCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  static float[][] batch(Random rnd, double gain) {
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

    // Then the mean is the network's times its gain plus θ times the fast input, and the sigmas
    // are the network's
    assertThat(with.skip()).isNotZero();
    for (int i = 0; i < B; i++) {
      double fast = FastSkip.input(xy[0], i, T);
      assertThat(a[i][0]).isCloseTo(with.networkGain() * b[i][0] + with.skip() * fast,
          within(1e-6));
      assertThat(a[i][1]).isEqualTo(b[i][1]);
    }
  }

  @ParameterizedTest(name = "optimizer reset {0}")
  @ValueSource(booleans = {false, true})
  void shouldRestoreARecordWrittenWithoutTheSkipWithIdenticalForecasts(boolean reset) {
    // Given a model trained without the skip, written as version 1, or as version 2 when its
    // optimizer was reset once
    Learner old = trained(withSkip(FastSkip.off()), 1.0, 30, 14);
    if (reset) {
      old.resetOptimizer();
      float[][] next = batch(new Random(15), 1.0);
      old.step(next[0], next[1], B);
    }
    byte[] bytes = ModelCodec.encode(smallConfig(), old.snapshot(), new DivergenceGuard());
    assertThat(bytes[0]).as("record version").isEqualTo((byte) (reset ? 2 : 1));

    // When the skip restores it (a fresh model's share 1, so a fresh share would show)
    Learner restored = restore(bytes, new FastSkip(true, 1.0, 0.998, 16));

    // Then the share is 0, not a fresh model's, and every forecast is bit for bit the old one
    assertThat(restored.skip()).isZero();
    assertSameForecasts(old, restored, 16);
  }

  @Test
  void shouldDropTheLearnedShareWhenTheSkipIsSwitchedOffAndWriteTheOlderLayout() {
    // Given a model trained with the skip (a version-4 record with a non-zero share)
    Learner with = trained(withSkip(FastSkip.defaults()), 1.0, 30, 16);
    byte[] bytes = ModelCodec.encode(smallConfig(), with.snapshot(), new DivergenceGuard());
    assertThat(bytes[0]).as("record version").isEqualTo((byte) 4);
    assertThat(with.skip()).isNotZero();

    // When a configuration with the skip off (model.fast.skip=false) restores it
    Learner off = restore(bytes, FastSkip.off());

    // Then the network is kept, the share is gone, and its record is the older layout again
    assertThat(off.skip()).isZero();
    assertThat(off.snapshot().params()).containsExactly(with.snapshot().params());
    assertThat(ModelCodec.encode(smallConfig(), off.snapshot(), new DivergenceGuard())[0])
        .isEqualTo((byte) 1);
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

    // Then the record is version 4, and share, gain and parameters are the same
    assertThat(bytes[0]).as("record version").isEqualTo((byte) 4);
    assertThat(s.skip()).isNotZero();
    assertThat(s.skipState()[1]).as("precision").isPositive();
    assertThat(s.skipState()[3]).as("gain's precision").isPositive();
    assertThat(r.skip()).isEqualTo(l.skip());
    assertThat(r.networkGain()).isEqualTo(l.networkGain());
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
  void shouldRefuseANonFiniteShare() {
    assertThatThrownBy(() -> new FastSkip(true, Double.NaN, 0.99, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 1.5, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 0.99, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 0.99, 16, 1.01, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 0.99, 16, -0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FastSkip(true, 0, 0.99, 16, 0.99, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gainHalfLife");
    assertThatThrownBy(() -> new FastSkip(true, 0, 0.99, 16, 0.99, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gainHalfLife");
  }

  private static TrainerSnapshot withoutSkip(TrainerSnapshot s) {
    return new TrainerSnapshot(s.params(), s.updaterState(), s.iterationCount(),
        s.modelVersion(), s.trainedExamples(), s.skippedSteps(), s.emaGradSquared(),
        s.emaTraceSigma(), s.noiseObservations(), s.momentOrigin());
  }
}
