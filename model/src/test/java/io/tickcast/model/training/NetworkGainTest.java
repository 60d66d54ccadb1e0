package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.persistence.ModelCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The network's gain g in the fast skip ({@link FastSkip}, {@code gainForgetting} &gt; 0): what
 * the update learns from the network's outputs, and how records without it restore.
 */
class NetworkGainTest extends ModelTestBase {

  private static final int T = 8;
  private static final int B = 8;
  private static final FastSkip GAINED = FastSkip.defaults();

  /**
   * Steps {@link FastSkip#update} on batches where the label is {@code 0.5·z + s + noise} and
   * the network's mean is {@code network(s, noise)}: the gain the skip converges to.
   */
  private static double[] converge(FastSkip skip, double[] start, NetworkOutput network,
      int steps, long seed) {
    return converge(skip, start, (s, age, r) -> network.mean(s, r), null, steps, seed);
  }

  /** As above, with the batch's {@code ages} (null: unweighted) and a network that sees them. */
  private static double[] converge(FastSkip skip, double[] start, AgedOutput network, int[] ages,
      int steps, long seed) {
    Random rnd = new Random(seed);
    int width = ForecasterConfig.INPUTS * T;
    double[] state = start;
    for (int i = 0; i < steps; i++) {
      float[] x = new float[B * width];
      float[] y = new float[B];
      float[] mean = new float[B * LstmKernel.OUTPUTS];
      for (int b = 0; b < B; b++) {
        double z = rnd.nextGaussian();
        double signal = 0.5 * rnd.nextGaussian();
        double noise = 0.5 * rnd.nextGaussian();
        x[b * width + ForecasterConfig.FEATURES * T + T - 1] = (float) z;
        y[b] = (float) (0.5 * z + signal + noise);
        mean[b * LstmKernel.OUTPUTS] =
            (float) network.mean(signal, ages == null ? b : ages[b], rnd);
      }
      state = skip.update(state, mean, x, y, ages, B, T);
    }
    return state;
  }

  /** The network's raw mean given the part of the label only it can know. */
  private interface NetworkOutput {
    double mean(double signal, Random rnd);
  }

  /** As {@link NetworkOutput}, for an example {@code age} labelled sequences old. */
  private interface AgedOutput {
    double mean(double signal, int age, Random rnd);
  }

  @Test
  void shouldTurnTheNetworkDownSoonerWhenItFailsOnTheNewestLabels() {
    // Given gains learnt on a good network, one weighing the batch by recency (the default
    // half-life, 16 sequences) and one unweighted, on batches of the four newest examples and four replayed
    // from before a shift (ages 40-43)
    int[] ages = {0, 1, 2, 3, 40, 41, 42, 43};
    double[] weighted = converge(GAINED, GAINED.fresh(), (s, age, r) -> s, ages, 300, 8);
    double[] whole = converge(GAINED, GAINED.fresh(), (s, age, r) -> s, null, 300, 8);
    assertThat(FastSkip.gain(weighted)).isGreaterThan(0.9);
    assertThat(FastSkip.gain(whole)).isGreaterThan(0.9);

    // When the network, still in the old regime, is wrong (inverted) on the new labels only
    AgedOutput stale = (s, age, r) -> age < 4 ? -s : s;
    double[] afterWeighted = converge(GAINED, weighted, stale, ages, 50, 9);
    // (unweighted, the network sees the example's index: the same examples in the same order)
    double[] afterWhole = converge(GAINED, whole, (s, b, r) -> stale.mean(s, ages[b], r), null,
        50, 9);

    // Then the weighted fit has turned the network down; the unweighted one, which hears the
    // old examples as loudly as the new, has not yet
    assertThat(FastSkip.gain(afterWeighted)).isLessThan(0.3);
    assertThat(FastSkip.gain(afterWhole)).isGreaterThan(0.45);
  }

  @Test
  void shouldFitTheWholeBatchAlikeWithoutAHalfLifeOrAges() {
    // Given the gain without recency weights (the gain as first released)
    FastSkip whole = GAINED.withGainHalfLife(0);
    int[] ages = {0, 1, 2, 3, 40, 41, 42, 43};

    // When it steps with and without the batch's ages
    double[] withAges = converge(whole, whole.fresh(), (s, age, r) -> age < 4 ? -s : s, ages,
        40, 10);
    double[] without = converge(whole, whole.fresh(), (s, b, r) -> ages[b] < 4 ? -s : s, null,
        40, 10);

    // Then the ages change nothing
    assertThat(withAges).containsExactly(without);
    assertThat(FastSkip.gain(withAges)).isLessThan(1.0);
  }

  @Test
  void shouldKeepAGainOfOneWhenTheNetworkForecastsWhatTheSkipLeaves() {
    // When the network's mean is exactly the part of the label the fast input does not explain
    double[] state = converge(GAINED, GAINED.fresh(), (s, r) -> s, 400, 1);

    // Then g stays at (about) 1 and θ finds the fast input's 0.5
    assertThat(FastSkip.gain(state)).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
    assertThat(state[0]).isBetween(0.4, 0.6);
  }

  @Test
  void shouldTurnANetworkThatForecastsNoiseDown() {
    // When the network's mean is as large as the signal but independent of the label
    double[] state = converge(GAINED, GAINED.fresh(), (s, r) -> 0.5 * r.nextGaussian(), 400, 2);

    // Then g fell from 1 to about 0 within the gain's memory (≈ 200 steps), θ still learnt
    assertThat(FastSkip.gain(state)).isLessThan(0.15).isGreaterThanOrEqualTo(0.0);
    assertThat(state[0]).isBetween(0.4, 0.6);
  }

  @Test
  void shouldShrinkANetworkStuckInTheOldRegimeToZeroNeverBelow() {
    // Given a gain learnt on a good network, when the network keeps its sign after a shift
    // (its mean is now minus the signal)
    double[] good = converge(GAINED, GAINED.fresh(), (s, r) -> s, 300, 3);
    double[] after = converge(GAINED, good, (s, r) -> -s, 150, 4);

    // Then g is clamped at 0 (the network turned off, not inverted)
    assertThat(FastSkip.gain(good)).isGreaterThan(0.9);
    assertThat(FastSkip.gain(after)).isZero();
  }

  @Test
  void shouldNeverAmplifyTheNetwork() {
    // When the network's mean is half the signal (least squares would want g = 2)
    double[] state = converge(GAINED, GAINED.fresh(), (s, r) -> 0.5 * s, 300, 5);

    // Then g stops at 1
    assertThat(FastSkip.gain(state)).isEqualTo(1.0);
  }

  @Test
  void shouldRestoreARecordWrittenWithoutTheGainWithIdenticalForecasts() {
    // Given a model trained with the skip but without the gain (a version-3 record)
    FastSkip noGain = GAINED.withGainForgetting(0);
    ForecasterConfig old = smallConfig().toBuilder().fastSkip(noGain).build();
    Learner before = train(old);
    byte[] bytes = ModelCodec.encode(old, before.snapshot(), new DivergenceGuard());
    assertThat(bytes[0]).as("record version").isEqualTo((byte) 3);

    // When the default (with the gain) restores it
    ForecasterConfig cfg = smallConfig().toBuilder().fastSkip(GAINED).build();
    Learner after = Learner.restored(cfg, Learner.Backend.KERNEL,
        ModelCodec.decode(bytes, cfg).snapshot());

    // Then θ is kept, g is 1, and every forecast is bit for bit the old one; it writes version 4
    assertThat(after.skip()).isEqualTo(before.skip()).isNotZero();
    assertThat(after.networkGain()).isEqualTo(1.0);
    assertSameForecasts(before, after, 7);
    assertThat(ModelCodec.encode(cfg, after.snapshot(), new DivergenceGuard())[0])
        .isEqualTo((byte) 4);
  }

  @Test
  void shouldRestoreARecordOfTheUnweightedGainAsTheSameFunction() {
    // Given a model trained with the unweighted gain (the previous release's default, version 4)
    ForecasterConfig old = smallConfig().toBuilder().fastSkip(GAINED.withGainHalfLife(0)).build();
    Learner before = train(old);
    byte[] bytes = ModelCodec.encode(old, before.snapshot(), new DivergenceGuard());

    // When the default (recency-weighted) restores it
    ForecasterConfig cfg = smallConfig().toBuilder().fastSkip(GAINED).build();
    Learner after = Learner.restored(cfg, Learner.Backend.KERNEL,
        ModelCodec.decode(bytes, cfg).snapshot());

    // Then θ and g are kept, every forecast is bit for bit the old one, and the format is the same
    assertThat(after.skip()).isEqualTo(before.skip());
    assertThat(after.networkGain()).isEqualTo(before.networkGain()).isLessThan(1.0);
    assertSameForecasts(before, after, 8);
    assertThat(ModelCodec.encode(cfg, after.snapshot(), new DivergenceGuard())).isEqualTo(bytes);
  }

  @Test
  void shouldDropTheGainWhenSwitchedOffAndWriteVersion3() {
    // Given a model trained with the gain (version 4)
    ForecasterConfig cfg = smallConfig().toBuilder().fastSkip(GAINED).build();
    Learner with = train(cfg);
    byte[] bytes = ModelCodec.encode(cfg, with.snapshot(), new DivergenceGuard());
    assertThat(bytes[0]).isEqualTo((byte) 4);

    // When model.fast.skip.gain.forgetting=0 restores it
    ForecasterConfig off = cfg.toBuilder().fastSkip(GAINED.withGainForgetting(0)).build();
    Learner restored = Learner.restored(off, Learner.Backend.KERNEL,
        ModelCodec.decode(bytes, off).snapshot());

    // Then θ and the network are kept, g is gone (1), and the record is version 3 again
    assertThat(restored.skip()).isEqualTo(with.skip());
    assertThat(restored.networkGain()).isEqualTo(1.0);
    assertThat(restored.snapshot().params()).containsExactly(with.snapshot().params());
    assertThat(ModelCodec.encode(off, restored.snapshot(), new DivergenceGuard())[0])
        .isEqualTo((byte) 3);
  }

  /** Both learners' outputs on {@code B} seeded random sequences are bit for bit the same. */
  private static void assertSameForecasts(Learner before, Learner after, long seed) {
    float[] x = new float[B * ForecasterConfig.INPUTS * T];
    Random rnd = new Random(seed);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    double[][] a = before.predict(x, B);
    double[][] b = after.predict(x, B);
    for (int i = 0; i < B; i++) {
      assertThat(b[i]).containsExactly(a[i]);
    }
  }

  /** 30 steps on labels = fast input + noise ({@link FastSkipTest#batch}). */
  private static Learner train(ForecasterConfig cfg) {
    Learner l = new Learner(cfg);
    Random rnd = new Random(11);
    for (int step = 0; step < 30; step++) {
      float[][] xy = FastSkipTest.batch(rnd, 1.0);
      l.step(xy[0], xy[1], B);
    }
    return l;
  }
}
