package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.persistence.ModelCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The head gain experiment: the 2-parameter fit, its acceptance test and the sign test. */
class HeadGainTest extends ModelTestBase {

  @Test
  void shouldRecoverAKnownGainAndBiasWithoutRidge() {
    // Given outputs u and labels y = -0.7·u + 0.2 exactly
    Random rnd = new Random(3);
    int count = 64;
    float[] raw = new float[2 * count];
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      raw[2 * i] = (float) rnd.nextGaussian();
      y[i] = (float) (-0.7 * raw[2 * i] + 0.2);
    }

    // When the gain and bias are fitted with no shrinkage
    HeadGain.Result r = new HeadGain(1, count, 0, true, false, 0).fit(raw, y, count);

    // Then they are the known ones, and the loss fell
    assertThat(r.applied()).isTrue();
    assertThat(r.alpha()).isCloseTo(-0.7, within(1e-5));
    assertThat(r.beta()).isCloseTo(0.2, within(1e-5));
    assertThat(r.lossAfter()).isLessThan(r.lossBefore());
  }

  @Test
  void shouldShrinkTheGainHalfwayToOneAtRidgeOne() {
    // Given labels y = -u (α = -1 in sample), no intercept
    Random rnd = new Random(4);
    int count = 32;
    float[] raw = new float[2 * count];
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      raw[2 * i] = (float) rnd.nextGaussian();
      y[i] = -raw[2 * i];
    }

    // When fitted at ridge 1 (the prior weighs as much as the data)
    HeadGain.Result r = new HeadGain(1, count, 1, false, false, 0).fit(raw, y, count);

    // Then α is the mean of -1 and the prior's 1
    assertThat(r.alpha()).isCloseTo(0.0, within(1e-6));
    assertThat(r.beta()).isZero();
  }

  @Test
  void shouldRefuseAFitThatRaisesTheLossOnTheNewerHalf() {
    // Given the older half says y = -u and the newer half y = u (the current output is right)
    int count = 32;
    float[] raw = new float[2 * count];
    float[] y = new float[count];
    Random rnd = new Random(5);
    for (int i = 0; i < count; i++) {
      raw[2 * i] = (float) rnd.nextGaussian();
      y[i] = i < count / 2 ? raw[2 * i] : -raw[2 * i];
    }

    // When fitted out of sample (on the older half, tested on the newer)
    HeadGain.Result r = new HeadGain(1, count, 0, false, true, 0).fit(raw, y, count);

    // Then the proposal (α = -1) is refused: it raises the newer half's NLL
    assertThat(r.alpha()).isCloseTo(-1.0, within(1e-5));
    assertThat(r.lossAfter()).isGreaterThan(r.lossBefore());
    assertThat(r.applied()).isFalse();
  }

  @Test
  void shouldProposeASignFlipOnlyWhenAntiCorrelatedWithTheFastInput() {
    // Given outputs u, labels y = -u, and a fast input first equal to -u, then to +u
    int count = 40;
    int seqLength = 3;
    Random rnd = new Random(6);
    float[] raw = new float[2 * count];
    float[] y = new float[count];
    float[] anti = new float[count * ForecasterConfig.INPUTS * seqLength];
    float[] same = new float[anti.length];
    for (int i = 0; i < count; i++) {
      raw[2 * i] = (float) rnd.nextGaussian();
      y[i] = -raw[2 * i];
      int last = (i * ForecasterConfig.INPUTS + ForecasterConfig.FEATURES) * seqLength
          + seqLength - 1;
      anti[last] = -raw[2 * i];
      same[last] = raw[2 * i];
    }
    HeadGain sign = new HeadGain(1, count, 1, false, false, 0.3);

    // When the sign test runs on each
    HeadGain.Result flipped = sign.signTest(raw, y, count,
        HeadGain.fastInputs(anti, count, seqLength));
    HeadGain.Result kept = sign.signTest(raw, y, count,
        HeadGain.fastInputs(same, count, seqLength));

    // Then only the anti-correlated case flips (and the flip lowers the loss)
    assertThat(flipped.applied()).isTrue();
    assertThat(flipped.alpha()).isEqualTo(-1.0);
    assertThat(kept).isEqualTo(HeadGain.Result.NONE);
  }

  @Test
  void shouldFoldAFlipIntoTheLearnersHeadFlipItsMomentumAndRestoreIdentically() {
    // Given a trained learner (nonzero moments), its codec copy, and labels = minus its output
    ForecasterConfig cfg = smallConfig();
    Learner a = new Learner(cfg);
    for (int s = 0; s < 3; s++) {
      step(a, randomBatch(8, cfg.seqLength(), 40 + s));
    }
    Learner b = Learner.restored(cfg, Learner.Backend.KERNEL, ModelCodec.decode(
        ModelCodec.encode(cfg, a.snapshot(), new DivergenceGuard()), cfg).snapshot());
    int count = 32;
    Random rnd = new Random(14);
    float[] x = new float[count * ForecasterConfig.INPUTS * cfg.seqLength()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    double[][] before = a.predict(x, count);
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      y[i] = (float) -before[i][0];
    }
    float[] momentsBefore = a.snapshot().updaterState();
    HeadGain how = new HeadGain(1, count, 0, false, false, 0);

    // When both fold the fitted gain
    HeadGain.Result r = a.gainHead(x, y, count, how);
    HeadGain.Result rb = b.gainHead(x, y, count, how);

    // Then α = -1 is folded: the mean output flips, sigma is untouched; the row's first moment
    // flipped, every other moment kept; the restored copy is the same model
    assertThat(r.applied()).isTrue();
    assertThat(r.alpha()).isCloseTo(-1.0, within(1e-4));
    double[][] after = a.predict(x, count);
    for (int i = 0; i < count; i++) {
      assertThat(after[i][0]).isCloseTo(-before[i][0], within(1e-4));
      assertThat(after[i][1]).isEqualTo(before[i][1]);
    }
    float[] moments = a.snapshot().updaterState();
    int n = moments.length / 2;
    int offW = HeadRefit.meanWeights(n, cfg.hiddenSize());
    for (int i = 0; i < n; i++) {
      boolean meanRow = i >= offW && i < offW + cfg.hiddenSize() || i == HeadRefit.meanBias(n);
      assertThat(moments[i]).as("m %d", i)
          .isEqualTo(meanRow ? -momentsBefore[i] : momentsBefore[i]);
      assertThat(moments[n + i]).as("v %d", i).isEqualTo(momentsBefore[n + i]);
    }
    assertThat(rb).isEqualTo(r);
    assertThat(b.snapshot()).usingRecursiveComparison().isEqualTo(a.snapshot());
    assertThat(a.modelVersion()).isEqualTo(4);
  }

  @Test
  void shouldRejectInvalidSettings() {
    assertThatThrownBy(() -> new HeadGain(-1, 64, 1, false, false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headGain");
    assertThatThrownBy(() -> new HeadGain(1, 4, 1, false, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HeadGain(1, 64, Double.NaN, false, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HeadGain.off().dueAfter(4)).isFalse();
    assertThat(new HeadGain(4, 64, 1, false, false, 0).dueAfter(8)).isTrue();
    assertThat(new HeadGain(4, 64, 1, false, false, 0).dueAfter(6)).isFalse();
  }
}
