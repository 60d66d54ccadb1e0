package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.network.LstmNetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class LearnerTest extends ModelTestBase {

  @Test
  void shouldStartFromDl4jsSeededInitWithZeroAdamStateOfTwiceTheParameterCount() {
    // Given a fresh learner and a freshly built DL4J network for the same configuration
    Learner learner = new Learner(smallConfig());
    MultiLayerNetwork reference = LstmNetworkFactory.create(smallConfig());

    // When its snapshot is taken before any step
    TrainerSnapshot snapshot = learner.snapshot();

    // Then the parameters are DL4J's seeded init, and Adam's m and v are zero
    assertThat(snapshot.params()).containsExactly(reference.params().toFloatVector());
    assertThat(snapshot.updaterState()).hasSize(2 * snapshot.params().length).containsOnly(0f);
    assertThat(snapshot.iterationCount()).isZero();
  }

  @Test
  void shouldSumMicroBatchGradientsToFullBatchGradient() {
    // Given a batch of 8 examples
    Learner learner = new Learner(smallConfig());
    INDArray[] batch = randomBatch(8, 8, 1);

    // When the gradient is computed whole and as 4 micro-batches at the same parameters
    Learner.BatchGradient whole = learner.computeGradient(xs(batch), ys(batch), 8, 1);
    Learner.BatchGradient micro = learner.computeGradient(xs(batch), ys(batch), 8, 4);

    // Then the per-micro-batch gradients are sums, so they add up to the full-batch gradient
    double maxAbs = 0;
    for (double v : whole.sum()) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    assertThat(maxAbs).isGreaterThan(0);
    for (int i = 0; i < whole.sum().length; i++) {
      assertThat(micro.sum()[i]).as("param %d", i).isCloseTo(whole.sum()[i],
          within(1e-4 * maxAbs + 1e-6));
    }
    assertThat(micro.loss()).isCloseTo(whole.loss(), within(1e-5 * Math.abs(whole.loss()) + 1e-6));
    assertThat(micro.microSizes()).containsExactly(2, 2, 2, 2);
    // and each micro mean is its sum divided by its size
    double[] reSum = new double[whole.sum().length];
    for (double[] mean : micro.microMeans()) {
      for (int i = 0; i < mean.length; i++) {
        reSum[i] += mean[i] * 2;
      }
    }
    assertThat(reSum[0]).isCloseTo(micro.sum()[0], within(1e-9 + 1e-6 * Math.abs(reSum[0])));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Learner.Backend.class)
  void shouldMatchDl4jFitToFloatRounding(Learner.Backend backend) {
    // Given a learner and an identically seeded DL4J network, no clipping, one micro-batch, and
    // no fast skip (a learner-side coefficient the DL4J network does not have)
    ForecasterConfig cfg = new ForecasterConfig(8, 8, 8, 8, 1e-2, 0, 0.0, 1, 200.0, 200, 0.0, 20,
        0.05, 0.94, SEED).withFastSkip(FastSkip.off());
    Learner learner = new Learner(cfg, backend);
    MultiLayerNetwork reference = LstmNetworkFactory.create(cfg);

    // When both take three steps on the same batches, one via the learner, one via fit()
    for (int s = 0; s < 3; s++) {
      INDArray[] batch = randomBatch(8, 8, 10 + s);
      step(learner, batch);
      reference.fit(batch[0], batch[1]);
    }

    // Then parameters and Adam state agree to float rounding (Adam's normalised steps make
    // the parameters insensitive to gradient rounding: allow 1e-5 of the step size 1e-2)
    float[] p = learner.snapshot().params();
    float[] r = reference.params().toFloatVector();
    for (int i = 0; i < p.length; i++) {
      assertThat(p[i]).as("param %d", i).isCloseTo(r[i], within(1e-5f));
    }
    float[] st = learner.snapshot().updaterState();
    float[] rs = reference.getUpdater().getStateViewArray().dup().reshape(-1).toFloatVector();
    double maxAbs = 0;
    for (float v : rs) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    for (int i = 0; i < st.length; i++) {
      assertThat((double) st[i]).as("state %d", i).isCloseTo(rs[i], within(1e-4 * maxAbs));
    }
    assertThat(learner.iterationCount()).isEqualTo(3).isEqualTo(reference.getIterationCount());
  }

  @Test
  void shouldSkipNonFiniteBatchesWithoutTouchingParamsOrOptimizer() {
    // Given a learner that has taken one good step (so Adam state is non-zero)
    Learner learner = new Learner(smallConfig());
    step(learner, randomBatch(8, 8, 3));
    TrainerSnapshot before = learner.snapshot();

    // When a batch with a NaN feature, and one whose label overflows float arithmetic, arrive
    INDArray[] nanInput = randomBatch(8, 8, 4);
    nanInput[0].putScalar(new long[] {3, 1, 5}, Double.NaN);
    TrainingStep nanStep = step(learner, nanInput);
    INDArray[] huge = randomBatch(8, 8, 5);
    huge[1].putScalar(new long[] {2, 0}, 1e30);
    TrainingStep hugeStep = step(learner, huge);

    // Then both steps are skipped and nothing that defines the model changed
    assertThat(nanStep.skipped()).isTrue();
    assertThat(hugeStep.skipped()).isTrue();
    TrainerSnapshot after = learner.snapshot();
    assertThat(after.params()).containsExactly(before.params());
    assertThat(after.updaterState()).containsExactly(before.updaterState());
    assertThat(after.iterationCount()).isEqualTo(before.iterationCount());
    assertThat(learner.modelVersion()).isEqualTo(1);
    assertThat(learner.trainedExamples()).isEqualTo(8);
    assertThat(learner.skippedSteps()).isEqualTo(2);
    for (TrainingStep s : new TrainingStep[] {nanStep, hugeStep}) {
      assertThat(java.util.List.of(s.loss(), s.gradNorm(), s.noiseScale(), s.learningRate()))
          .allMatch(Double::isFinite);
    }
  }

  @Test
  void shouldLeaveEverythingUntouchedWhenTheGuardRefusesAStep() {
    // Given a learner with some history
    Learner learner = new Learner(smallConfig());
    for (int s = 0; s < 3; s++) {
      step(learner, randomBatch(8, 8, 30 + s));
    }
    TrainerSnapshot before = learner.snapshot();
    double noiseBefore = learner.noiseScale();

    // When the guard refuses the next step
    INDArray[] batch = randomBatch(8, 8, 40);
    Learner.StepResult refused = learner.step(xs(batch), ys(batch), 8, loss -> false);

    // Then it was computed (finite diagnostics) but not applied: the model is exactly as before
    assertThat(refused.outcome()).isEqualTo(Learner.Outcome.ROLLED_BACK);
    assertThat(refused.step().loss()).isFinite().isPositive();
    assertThat(learner.snapshot()).usingRecursiveComparison().isEqualTo(before);
    assertThat(learner.noiseScale()).isEqualTo(noiseBefore);
    // and the same batch admitted afterwards is applied exactly as if nothing had happened
    Learner twin = Learner.restored(smallConfig(), Learner.Backend.KERNEL, before);
    assertThat(learner.step(xs(batch), ys(batch), 8, loss -> true).outcome())
        .isEqualTo(Learner.Outcome.APPLIED);
    step(twin, batch);
    assertThat(learner.snapshot()).usingRecursiveComparison().isEqualTo(twin.snapshot());
  }

  @Test
  void shouldAdvanceIterationAndWarmUpLearningRate() {
    // Given lr_ref 1e-3 at B_ref 8, B 8, warm-up over 5 updates
    Learner learner = new Learner(smallConfig());

    // When 6 steps are taken
    double[] lrs = new double[6];
    for (int s = 0; s < 6; s++) {
      TrainingStep step = step(learner, randomBatch(8, 8, 20 + s));
      lrs[s] = step.learningRate();
      assertThat(step.modelVersion()).isEqualTo(s + 1);
      assertThat(step.gradSquared()).isFinite();
      assertThat(step.gradVariance()).isCloseTo(step.traceSigma() / 8, within(1e-12));
    }

    // Then the rate ramps linearly to the scaled peak, and the iteration count advanced
    assertThat(lrs).containsExactly(new double[] {2e-4, 4e-4, 6e-4, 8e-4, 1e-3, 1e-3},
        within(1e-12));
    assertThat(learner.iterationCount()).isEqualTo(6);
    assertThat(learner.trainedExamples()).isEqualTo(48);
  }

  @Test
  void shouldPredictWithoutChangingAnything() {
    // Given a trained learner
    Learner learner = new Learner(smallConfig());
    step(learner, randomBatch(8, 8, 50));
    TrainerSnapshot before = learner.snapshot();

    // When it forecasts twice
    INDArray[] probe = randomBatch(2, 8, 60);
    double[][] first = predict(learner, probe);
    double[][] second = predict(learner, probe);

    // Then the forecasts are identical and the model unchanged
    assertThat(second).isDeepEqualTo(first);
    assertThat(learner.snapshot()).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void shouldSkipNonFinitePlainArraysAndRejectBadLengths() {
    Learner learner = new Learner(smallConfig());
    float[] x = xs(randomBatch(8, 8, 70));
    float[] y = new float[8];
    x[17] = Float.POSITIVE_INFINITY;

    assertThat(learner.step(x, y, 8).skipped()).isTrue();
    assertThat(learner.modelVersion()).isZero();
    assertThatThrownBy(() -> learner.step(new float[7], y, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> learner.step(x, new float[16], 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> learner.predict(new float[41], 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> learner.predict(x, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStepLikeAFreshAdamAfterAReset() {
    // Given a learner restored at iteration 2,000 (past warm-up; Adam's bias correction ≈ 1)
    Learner trained = new Learner(smallConfig());
    for (int s = 0; s < 3; s++) {
      step(trained, randomBatch(8, 8, s));
    }
    TrainerSnapshot t = trained.snapshot();
    Learner learner = Learner.restored(smallConfig(), Learner.Backend.KERNEL,
        new TrainerSnapshot(t.params(), t.updaterState(), 2_000, 3, 24, 0, 0, 0, 0));

    // When its optimizer is reset and it takes one step
    learner.resetOptimizer();
    float[] before = learner.snapshot().params();
    TrainingStep step = step(learner, randomBatch(8, 8, 7));
    float[] after = learner.snapshot().params();

    // Then the largest move is the learning rate, a fresh Adam's first step (zeroed moments with
    // the old clock would move up to ~2.5 × lr), and the clock origin is persisted
    double maxMove = 0;
    for (int i = 0; i < before.length; i++) {
      maxMove = Math.max(maxMove, Math.abs(after[i] - before[i]));
    }
    assertThat(maxMove).isCloseTo(step.learningRate(), within(0.01 * step.learningRate()));
    assertThat(learner.snapshot().momentOrigin()).isEqualTo(2_000);
    assertThat(learner.iterationCount()).isEqualTo(2_001);
  }

  @Test
  void shouldRejectAResetOriginAfterTheIterationCount() {
    TrainerSnapshot t = new Learner(smallConfig()).snapshot();
    TrainerSnapshot bad = new TrainerSnapshot(t.params(), t.updaterState(), 5, 5, 40, 0, 0, 0, 0, 6);
    assertThatThrownBy(() -> Learner.restored(smallConfig(), Learner.Backend.KERNEL, bad))
        .hasMessageContaining("reset");
  }

  @Test
  void shouldPassTheConfiguredBpttLengthToTheKernel() {
    // Given learners at the same parameters: full BPTT (K = 0 and K = T) and K = 3 of T = 8
    ForecasterConfig cfg = smallConfig();
    INDArray[] batch = randomBatch(8, cfg.seqLength(), 5);
    Learner full = new Learner(cfg);
    Learner atT = new Learner(cfg.withBpttLength(cfg.seqLength()));
    Learner cut = new Learner(cfg.withBpttLength(3));

    // When each computes the batch gradient
    double[] g0 = full.computeGradient(xs(batch), ys(batch), 8, 2).sum();
    double[] gT = atT.computeGradient(xs(batch), ys(batch), 8, 2).sum();
    double[] g3 = cut.computeGradient(xs(batch), ys(batch), 8, 2).sum();

    // Then K = T is full BPTT, and K = 3 changes the LSTM input-weight gradient only
    assertThat(gT).containsExactly(g0);
    int lstmInputWeights = 4 * cfg.hiddenSize() * ForecasterConfig.INPUTS;
    double maxDiff = 0;
    for (int i = 0; i < lstmInputWeights; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(g3[i] - g0[i]));
    }
    assertThat(maxDiff).isGreaterThan(1e-4);
    int dense = g0.length - 2 * cfg.hiddenSize() - 2;
    assertThat(java.util.Arrays.copyOfRange(g3, dense, g3.length))
        .containsExactly(java.util.Arrays.copyOfRange(g0, dense, g0.length));
  }

  @Test
  void shouldRefuseTruncationOnTheDl4jReferenceBackend() {
    // Given the DL4J backend, which computes full BPTT only, configured with K < T
    Learner l = new Learner(smallConfig().withBpttLength(3), Learner.Backend.DL4J);
    INDArray[] batch = randomBatch(8, smallConfig().seqLength(), 5);

    // When / Then asking it for a gradient fails loudly instead of silently ignoring K
    assertThatThrownBy(() -> l.computeGradient(xs(batch), ys(batch), 8, 1))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("K=3");
  }
}
