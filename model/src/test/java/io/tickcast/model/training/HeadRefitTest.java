package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.persistence.ModelCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The closed-form refit of the head's mean row: the solve, its guard, and the learner's use. */
class HeadRefitTest extends ModelTestBase {

  private static final int H = 8;

  @Test
  void shouldRecoverAKnownLinearMapOfTheHiddenState() {
    // Given hidden states, labels that are an exact linear map of them, and a zero current row
    Random rnd = new Random(7);
    int count = 64;
    float[] hidden = gaussian(rnd, count * H);
    float[] truth = gaussian(rnd, H + 1);
    float[] y = new float[count];
    float[] raw = new float[2 * count];
    for (int i = 0; i < count; i++) {
      y[i] = (float) affine(hidden, i, truth);
    }

    // When the row is re-solved with a negligible ridge
    float[] row = new float[H + 1];
    HeadRefit.Result r = refit(1e-9).solve(hidden, raw, y, count, H, new float[H + 1], row);

    // Then it is the map, and the loss fell
    assertThat(r.applied()).isTrue();
    assertThat(r.lossAfter()).isLessThan(r.lossBefore());
    for (int j = 0; j <= H; j++) {
      assertThat(row[j]).as("coefficient %d", j).isCloseTo(truth[j], within(1e-4f));
    }
  }

  @Test
  void shouldShrinkTowardTheCurrentRowAsTheRidgeGrows() {
    // Given labels of a map far from the current row, and the outputs of that row
    Random rnd = new Random(8);
    int count = 32;
    float[] hidden = gaussian(rnd, count * H);
    float[] current = gaussian(rnd, H + 1);
    float[] y = gaussian(rnd, count);
    float[] raw = new float[2 * count];
    for (int i = 0; i < count; i++) {
      raw[2 * i] = (float) affine(hidden, i, current);
    }

    // When refitted with a small and a large ridge
    float[] loose = new float[H + 1];
    float[] tight = new float[H + 1];
    assertThat(refit(0.01).solve(hidden, raw, y, count, H, current, loose).applied())
        .isTrue();
    assertThat(refit(1e3).solve(hidden, raw, y, count, H, current, tight).applied())
        .isTrue();

    // Then the large ridge all but keeps the current row; the small one moves it
    double movedLoose = 0;
    double movedTight = 0;
    for (int j = 0; j <= H; j++) {
      movedLoose += Math.abs(loose[j] - current[j]);
      movedTight += Math.abs(tight[j] - current[j]);
    }
    assertThat(movedLoose).isGreaterThan(0.1);
    assertThat(movedTight).isGreaterThan(0).isLessThan(0.01 * movedLoose);
  }

  @Test
  void shouldRefuseARefitThatWouldRaiseTheLoss() {
    // Given a current row that fits exactly the sequences the network is sure of (σ = e^-3) and
    // far-off labels on the ones it is unsure of (σ = e^3): least squares moves toward the
    // unsure ones and so raises the NLL, which weighs the sure ones e^12 times more
    Random rnd = new Random(9);
    int count = 40;
    float[] hidden = gaussian(rnd, count * H);
    float[] current = gaussian(rnd, H + 1);
    float[] y = new float[count];
    float[] raw = new float[2 * count];
    for (int i = 0; i < count; i++) {
      double mu = affine(hidden, i, current);
      boolean sure = i % 2 == 0;
      raw[2 * i] = (float) mu;
      raw[2 * i + 1] = sure ? -3f : 3f;
      y[i] = (float) (sure ? mu : mu + 5 * rnd.nextGaussian());
    }

    // When refitted
    float[] row = new float[H + 1];
    HeadRefit.Result r = refit(0.01).solve(hidden, raw, y, count, H, current, row);

    // Then the refit is refused, and it would have raised the loss
    assertThat(r.applied()).isFalse();
    assertThat(r.lossAfter()).isGreaterThan(r.lossBefore());
  }

  @Test
  void shouldRefitTheLearnersMeanRowOnlyAndFitAnAffineMapOfItsOwnOutput() {
    // Given a learner and labels that are an affine map of its own mean output (so exactly
    // linear in its last hidden state)
    ForecasterConfig cfg = smallConfig();
    Learner learner = new Learner(cfg);
    int count = 48;
    float[] x = gaussian(new Random(10), count * ForecasterConfig.INPUTS * cfg.seqLength());
    double[][] before = learner.predict(x, count);
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      y[i] = (float) (-3 * before[i][0] + 0.4);
    }
    float[] paramsBefore = learner.snapshot().params();

    // When its head is refitted with a negligible ridge
    HeadRefit.Result r = learner.refitHead(x, y, count, refit(1e-9));

    // Then the new mean output is that map, sigma is untouched, and only the mean row changed
    assertThat(r.applied()).isTrue();
    double[][] after = learner.predict(x, count);
    for (int i = 0; i < count; i++) {
      assertThat(after[i][0]).isCloseTo(y[i], within(1e-3));
      assertThat(after[i][1]).isEqualTo(before[i][1]);
    }
    float[] paramsAfter = learner.snapshot().params();
    int n = paramsAfter.length;
    int h = cfg.hiddenSize();
    int offW = n - 2 - 2 * h;
    for (int i = 0; i < n; i++) {
      boolean meanRow = (i >= offW && i < offW + h) || i == n - 2;
      if (!meanRow) {
        assertThat(paramsAfter[i]).as("param %d", i).isEqualTo(paramsBefore[i]);
      }
    }
    assertThat(learner.modelVersion()).isEqualTo(1);
    assertThat(learner.iterationCount()).isZero();
  }

  @Test
  void shouldRefitTheSameAfterACodecRoundTripAndChangeNothingOnBadLabels() {
    // Given a trained learner and its copy through the model codec
    ForecasterConfig cfg = smallConfig();
    Learner a = new Learner(cfg);
    for (int s = 0; s < 3; s++) {
      step(a, randomBatch(8, cfg.seqLength(), 20 + s));
    }
    Learner b = Learner.restored(cfg, Learner.Backend.KERNEL, ModelCodec.decode(
        ModelCodec.encode(cfg, a.snapshot(), new DivergenceGuard()), cfg).snapshot());
    int count = 32;
    Random rnd = new Random(11);
    float[] x = gaussian(rnd, count * ForecasterConfig.INPUTS * cfg.seqLength());
    float[] y = gaussian(rnd, count);

    // When both refit on the same sequences
    HeadRefit how = HeadRefit.defaults();
    HeadRefit.Result ra = a.refitHead(x, y, count, how);
    HeadRefit.Result rb = b.refitHead(x, y, count, how);

    // Then the refit was applied, and they are the same model, moments included
    assertThat(ra.applied()).isTrue();
    assertThat(rb).isEqualTo(ra);
    assertThat(b.snapshot()).usingRecursiveComparison().isEqualTo(a.snapshot());
    // and a refit on a non-finite label changes nothing
    y[3] = Float.NaN;
    TrainerSnapshot kept = a.snapshot();
    assertThat(a.refitHead(x, y, count, how)).isEqualTo(HeadRefit.Result.NONE);
    assertThat(a.snapshot()).usingRecursiveComparison().isEqualTo(kept);
  }

  @Test
  void shouldKeepAdamsMoments() {
    // Given a trained learner (nonzero moments everywhere)
    ForecasterConfig cfg = smallConfig();
    Learner learner = new Learner(cfg);
    for (int s = 0; s < 3; s++) {
      step(learner, randomBatch(8, cfg.seqLength(), 30 + s));
    }
    float[] before = learner.snapshot().updaterState();
    float[] paramsBefore = learner.snapshot().params();
    int count = 32;
    Random rnd = new Random(12);
    float[] x = gaussian(rnd, count * ForecasterConfig.INPUTS * cfg.seqLength());
    float[] y = gaussian(rnd, count);

    // When its head is refitted
    HeadRefit.Result r = learner.refitHead(x, y, count, HeadRefit.defaults());

    // Then every moment is kept, the mean row's too (the refit is not an optimizer step)
    assertThat(r.applied()).isTrue();
    assertThat(learner.snapshot().params()).isNotEqualTo(paramsBefore);
    assertThat(learner.snapshot().updaterState()).containsExactly(before);
    assertThat(before[HeadRefit.meanBias(before.length / 2)]).isNotZero();
  }

  @Test
  void shouldComputeTheHiddenStatesInChunksAsInOnePass() {
    // Given a kernel backend at a learner's parameters and 64 sequences
    ForecasterConfig cfg = smallConfig();
    KernelBackend backend = new KernelBackend(ForecasterConfig.INPUTS, cfg.hiddenSize());
    backend.load(new Learner(cfg).snapshot().params());
    int count = 64;
    int h = cfg.hiddenSize();
    float[] x = gaussian(new Random(13), count * ForecasterConfig.INPUTS * cfg.seqLength());
    float[] oneHidden = new float[count * h];
    float[] oneRaw = new float[count * 2];
    float[] chunkedHidden = new float[count * h];
    float[] chunkedRaw = new float[count * 2];

    // When the last hidden states are computed in one pass and in chunks of 7 (the last short)
    HeadRefit.lastHidden(backend, x, count, cfg.seqLength(), h, count, oneHidden, oneRaw);
    HeadRefit.lastHidden(backend, x, count, cfg.seqLength(), h, 7, chunkedHidden, chunkedRaw);

    // Then they are bit-identical
    assertThat(chunkedHidden).containsExactly(oneHidden);
    assertThat(chunkedRaw).containsExactly(oneRaw);
    assertThat(oneHidden[(count - 1) * h]).isNotZero();
  }

  @Test
  void shouldRefuseTooFewLabelsAndTheDl4jBackend() {
    ForecasterConfig cfg = smallConfig();
    int count = 8;
    float[] x = gaussian(new Random(14), count * ForecasterConfig.INPUTS * cfg.seqLength());
    HeadRefit how = refit(0.3);

    assertThatThrownBy(() -> new Learner(cfg).refitHead(x, new float[count - 1], count, how))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
    assertThatThrownBy(() -> new Learner(cfg, Learner.Backend.DL4J)
        .refitHead(x, new float[count], count, how))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldNameTheFieldOfABadSetting() {
    assertThatThrownBy(() -> new HeadRefit(HeadRefit.Mode.INSTEAD, 1, 1.0))
        .hasMessageContaining("headRefit.sequences");
    assertThatThrownBy(() -> new HeadRefit(HeadRefit.Mode.INSTEAD, 32, 0.0))
        .hasMessageContaining("headRefit.ridge");
    for (double margin : new double[] {Double.NaN, 1.0, -0.1}) {
      assertThatThrownBy(() -> gate(margin, 32, 2.0)).hasMessageContaining("headRefit.fastMargin");
    }
    assertThatThrownBy(() -> gate(0.3, 1, 2.0)).hasMessageContaining("headRefit.fastWindow");
    for (double scale : new double[] {0.0, Double.NaN}) {
      assertThatThrownBy(() -> gate(0.3, 32, scale)).hasMessageContaining("headRefit.fastMaxScale");
    }
    assertThatThrownBy(() -> new HeadRefit(HeadRefit.Mode.INSTEAD, 64, 0.3, null, 0.3, 32, 2.0))
        .hasMessageContaining("headRefit.errorGate");
  }

  private static HeadRefit gate(double margin, int window, double scale) {
    return new HeadRefit(HeadRefit.Mode.INSTEAD, 64, 0.3, HeadRefit.ErrorGate.FIRST, margin,
        window, scale);
  }

  private static HeadRefit refit(double ridge) {
    return new HeadRefit(HeadRefit.Mode.INSTEAD, 64, ridge);
  }

  /** Row {@code [w (H), b]} applied to hidden state {@code i}. */
  private static double affine(float[] hidden, int i, float[] row) {
    double v = row[H];
    for (int k = 0; k < H; k++) {
      v += hidden[i * H + k] * row[k];
    }
    return v;
  }

  private static float[] gaussian(Random rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }
}
