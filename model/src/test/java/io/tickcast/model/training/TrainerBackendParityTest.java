package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.training.Learner.Backend;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernel backend (fused Java gradient) against the DL4J reference backend
 * ({@code computeGradientAndScore()}, {@code output()}) on identically seeded learners, both
 * with tickcast's Adam (itself checked against DL4J's updater by {@link AdamTest}).
 */
class TrainerBackendParityTest extends ModelTestBase {

  /** Per-element tolerance relative to the vector's largest magnitude. */
  private static final double REL_TOL = 1e-4;

  /** Production-like: T=32, H=32, B=16, k=2, a clip low enough to fire, short warm-up. */
  private static ForecasterConfig productionLike() {
    return new ForecasterConfig(32, 32, 16, 16, 5e-3, 2, 0.5, 2, 200.0, 200, 0.0, 20, 0.05, 0.94,
        SEED);
  }

  @Test
  void shouldTrainToTheSameParametersAndAdamStateAsDl4j() {
    // Given two identically seeded trainers, one per backend
    ForecasterConfig cfg = productionLike();
    Learner kernel = new Learner(cfg, Backend.KERNEL);
    Learner dl4j = new Learner(cfg, Backend.DL4J);
    assertThat(kernel.snapshot().params()).containsExactly(dl4j.snapshot().params());

    // When both take the same three k=2 steps (the clip fires on at least one)
    boolean clipped = false;
    for (int s = 0; s < 3; s++) {
      INDArray[] batch = randomBatch(16, 32, 100 + s);
      TrainingStep a = step(kernel, batch);
      TrainingStep b = step(dl4j, batch);
      clipped |= b.gradNorm() > cfg.clipNorm();
      // Then every step reports the same diagnostics
      assertThat(a.skipped()).isFalse();
      assertThat(b.skipped()).isFalse();
      assertThat(a.learningRate()).isEqualTo(b.learningRate());
      assertThat(a.loss()).isCloseTo(b.loss(), within(1e-5 * Math.abs(b.loss())));
      assertThat(a.gradNorm()).isCloseTo(b.gradNorm(), within(REL_TOL * b.gradNorm()));
      assertThat(a.gradSquared()).isCloseTo(b.gradSquared(),
          within(1e-3 * Math.abs(b.gradSquared()) + 1e-9));
      assertThat(a.traceSigma()).isCloseTo(b.traceSigma(),
          within(1e-3 * Math.abs(b.traceSigma()) + 1e-9));
    }
    assertThat(clipped).isTrue();

    // ... and parameters, Adam's m and v, counters and noise state agree
    TrainerSnapshot ks = kernel.snapshot();
    TrainerSnapshot ds = dl4j.snapshot();
    assertVectorsClose("params", ks.params(), ds.params());
    int n = ks.params().length;
    assertVectorsClose("adam m", java.util.Arrays.copyOfRange(ks.updaterState(), 0, n),
        java.util.Arrays.copyOfRange(ds.updaterState(), 0, n));
    assertVectorsClose("adam v", java.util.Arrays.copyOfRange(ks.updaterState(), n, 2 * n),
        java.util.Arrays.copyOfRange(ds.updaterState(), n, 2 * n));
    assertThat(ks.iterationCount()).isEqualTo(ds.iterationCount()).isEqualTo(3);
    assertThat(ks.modelVersion()).isEqualTo(ds.modelVersion());
    assertThat(ks.trainedExamples()).isEqualTo(ds.trainedExamples());
    assertThat(ks.noiseObservations()).isEqualTo(ds.noiseObservations());
    assertThat(kernel.noiseScale()).isCloseTo(dl4j.noiseScale(),
        within(1e-3 * Math.abs(dl4j.noiseScale()) + 1e-9));

    // ... and so do their forecasts
    INDArray[] probe = randomBatch(3, 32, 999);
    double[][] pk = predict(kernel, probe);
    double[][] pd = predict(dl4j, probe);
    for (int i = 0; i < 3; i++) {
      assertThat(pk[i][0]).isCloseTo(pd[i][0], within(1e-5));
      assertThat(pk[i][1]).isCloseTo(pd[i][1], within(1e-5));
    }
  }

  @Test
  void shouldSplitMicroBatchGradientsLikeDl4j() {
    // Given identical trainers and a batch of 10 split into 3 micro-batches (4, 3, 3)
    ForecasterConfig cfg = smallConfig();
    Learner kernel = new Learner(cfg, Backend.KERNEL);
    Learner dl4j = new Learner(cfg, Backend.DL4J);
    INDArray[] batch = randomBatch(10, 8, 77);

    // When both compute the gradient
    Learner.BatchGradient a = kernel.computeGradient(xs(batch), ys(batch), 10, 3);
    Learner.BatchGradient b = dl4j.computeGradient(xs(batch), ys(batch), 10, 3);

    // Then sums, micro-batch means, sizes and loss agree
    assertThat(a.microSizes()).containsExactly(b.microSizes()).containsExactly(4, 3, 3);
    assertThat(a.loss()).isCloseTo(b.loss(), within(1e-5 * Math.abs(b.loss())));
    assertVectorsClose("sum", a.sum(), b.sum());
    for (int j = 0; j < 3; j++) {
      assertVectorsClose("mean " + j, a.microMeans()[j], b.microMeans()[j]);
    }
  }

  @Test
  void shouldContinueIdenticallyAfterMovingASnapshotBetweenBackends() {
    // Given a kernel trainer with some history, and its snapshot restored into a DL4J trainer
    ForecasterConfig cfg = smallConfig();
    Learner kernel = new Learner(cfg, Backend.KERNEL);
    for (int s = 0; s < 4; s++) {
      INDArray[] batch = randomBatch(8, 8, 300 + s);
      step(kernel, batch);
    }
    Learner dl4j = new Learner(cfg, Backend.DL4J);
    dl4j.restore(kernel.snapshot());

    // When both take two more steps
    for (int s = 0; s < 2; s++) {
      INDArray[] batch = randomBatch(8, 8, 400 + s);
      step(kernel, batch);
      step(dl4j, batch);
    }

    // Then they are still the same model
    TrainerSnapshot ks = kernel.snapshot();
    TrainerSnapshot ds = dl4j.snapshot();
    assertVectorsClose("params", ks.params(), ds.params());
    assertVectorsClose("updater", ks.updaterState(), ds.updaterState());
    assertThat(ks.iterationCount()).isEqualTo(ds.iterationCount()).isEqualTo(6);
  }

  private static void assertVectorsClose(String what, float[] actual, float[] expected) {
    double[] a = new double[actual.length];
    double[] e = new double[expected.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = actual[i];
    }
    for (int i = 0; i < e.length; i++) {
      e[i] = expected[i];
    }
    assertVectorsClose(what, a, e);
  }

  private static void assertVectorsClose(String what, double[] actual, double[] expected) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    double maxAbs = 0;
    for (double v : expected) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("%s[%d]", what, i)
          .isCloseTo(expected[i], within(REL_TOL * maxAbs + 1e-12));
    }
  }
}
