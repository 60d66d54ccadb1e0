package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.TrainingStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class MiniBatchTrainerTest extends ModelTestBase {

  @Test
  void shouldStartWithZeroAdamStateOfTwiceTheParameterCount() {
    // Given a fresh trainer
    MiniBatchTrainer trainer = new MiniBatchTrainer(smallConfig());

    // When its snapshot is taken before any step
    TrainerSnapshot snapshot = trainer.snapshot();

    // Then Adam's m and v exist already (allocated when the updater is created) and are zero
    assertThat(snapshot.updaterState()).hasSize(2 * snapshot.params().length)
        .containsOnly(0f);
    assertThat(snapshot.iterationCount()).isZero();
  }

  @Test
  void shouldSumMicroBatchGradientsToFullBatchGradient() {
    // Given a batch of 8 examples
    MiniBatchTrainer trainer = new MiniBatchTrainer(smallConfig());
    INDArray[] batch = randomBatch(8, 8, 1);

    // When the gradient is computed whole and as 4 micro-batches at the same parameters
    MiniBatchTrainer.BatchGradient whole = trainer.computeGradient(batch[0], batch[1], 1);
    MiniBatchTrainer.BatchGradient micro = trainer.computeGradient(batch[0], batch[1], 4);

    // Then DL4J's per-micro-batch gradients are sums, so they add up to the full-batch gradient
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

  @Test
  void shouldMatchFitBitForBitWithOneMicroBatchAndNoClipping() {
    // Given two identically seeded networks and no clipping, one micro-batch, DL4J backend
    ForecasterConfig cfg = new ForecasterConfig(8, 8, 8, 8, 1e-2, 0, 0.0, 1, 200.0, 200, 0.0, 20,
        0.05, 0.94, SEED);
    MiniBatchTrainer trainer = new MiniBatchTrainer(cfg, MiniBatchTrainer.Backend.DL4J);
    MultiLayerNetwork reference = new MiniBatchTrainer(cfg).network();
    assertThat(trainer.network().params()).isEqualTo(reference.params());

    // When both take three steps on the same batches, one via the trainer, one via fit()
    for (int s = 0; s < 3; s++) {
      INDArray[] batch = randomBatch(8, 8, 10 + s);
      trainer.step(batch[0], batch[1]);
      reference.fit(batch[0], batch[1]);
    }

    // Then parameters, Adam state and iteration count are identical, bit for bit
    assertThat(trainer.network().params().toFloatVector())
        .containsExactly(reference.params().toFloatVector());
    assertThat(trainer.snapshot().updaterState()).containsExactly(
        reference.getUpdater().getStateViewArray().dup().reshape(-1).toFloatVector());
    assertThat(trainer.network().getIterationCount()).isEqualTo(3)
        .isEqualTo(reference.getIterationCount());
  }

  @Test
  void shouldMatchFitToFloatRoundingOnTheKernelBackend() {
    // Given the same set-up on the (default) kernel backend
    ForecasterConfig cfg = new ForecasterConfig(8, 8, 8, 8, 1e-2, 0, 0.0, 1, 200.0, 200, 0.0, 20,
        0.05, 0.94, SEED);
    MiniBatchTrainer trainer = new MiniBatchTrainer(cfg);
    assertThat(trainer.backend()).isEqualTo(MiniBatchTrainer.Backend.KERNEL);
    MultiLayerNetwork reference = new MiniBatchTrainer(cfg).network();

    // When both take three steps on the same batches, one via the trainer, one via fit()
    for (int s = 0; s < 3; s++) {
      INDArray[] batch = randomBatch(8, 8, 10 + s);
      trainer.step(batch[0], batch[1]);
      reference.fit(batch[0], batch[1]);
    }

    // Then parameters and Adam state agree to float rounding (Adam's normalised steps make
    // the parameters insensitive to gradient rounding: allow 1e-5 of the step size 1e-2)
    float[] p = trainer.network().params().toFloatVector();
    float[] r = reference.params().toFloatVector();
    for (int i = 0; i < p.length; i++) {
      assertThat(p[i]).as("param %d", i).isCloseTo(r[i], within(1e-5f));
    }
    float[] st = trainer.snapshot().updaterState();
    float[] rs = reference.getUpdater().getStateViewArray().dup().reshape(-1).toFloatVector();
    double maxAbs = 0;
    for (float v : rs) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    for (int i = 0; i < st.length; i++) {
      assertThat((double) st[i]).as("state %d", i).isCloseTo(rs[i], within(1e-4 * maxAbs));
    }
    assertThat(trainer.network().getIterationCount()).isEqualTo(3);
  }

  @Test
  void shouldSkipNonFiniteBatchesWithoutTouchingParamsOrUpdater() {
    // Given a trainer that has taken one good step (so Adam state is non-zero)
    MiniBatchTrainer trainer = new MiniBatchTrainer(smallConfig());
    INDArray[] good = randomBatch(8, 8, 3);
    trainer.step(good[0], good[1]);
    TrainerSnapshot before = trainer.snapshot();

    // When a batch with a NaN feature, and one whose label overflows float arithmetic, arrive
    INDArray[] nanInput = randomBatch(8, 8, 4);
    nanInput[0].putScalar(new long[] {3, 1, 5}, Double.NaN);
    TrainingStep nanStep = trainer.step(nanInput[0], nanInput[1]);
    INDArray[] huge = randomBatch(8, 8, 5);
    huge[1].putScalar(new long[] {2, 0}, 1e30);
    TrainingStep hugeStep = trainer.step(huge[0], huge[1]);

    // Then both steps are skipped and nothing that defines the model changed
    assertThat(nanStep.skipped()).isTrue();
    assertThat(hugeStep.skipped()).isTrue();
    TrainerSnapshot after = trainer.snapshot();
    assertThat(after.params()).containsExactly(before.params());
    assertThat(after.updaterState()).containsExactly(before.updaterState());
    assertThat(after.iterationCount()).isEqualTo(before.iterationCount());
    assertThat(trainer.modelVersion()).isEqualTo(1);
    assertThat(trainer.trainedExamples()).isEqualTo(8);
    assertThat(trainer.skippedSteps()).isEqualTo(2);
    for (TrainingStep s : new TrainingStep[] {nanStep, hugeStep}) {
      assertThat(java.util.List.of(s.loss(), s.gradNorm(), s.noiseScale(), s.learningRate()))
          .allMatch(Double::isFinite);
    }
  }

  @Test
  void shouldAdvanceIterationAndWarmUpLearningRate() {
    // Given lr_ref 1e-3 at B_ref 8, B 8, warm-up over 5 updates
    MiniBatchTrainer trainer = new MiniBatchTrainer(smallConfig());

    // When 6 steps are taken
    double[] lrs = new double[6];
    for (int s = 0; s < 6; s++) {
      INDArray[] batch = randomBatch(8, 8, 20 + s);
      TrainingStep step = trainer.step(batch[0], batch[1]);
      lrs[s] = step.learningRate();
      assertThat(step.modelVersion()).isEqualTo(s + 1);
      assertThat(step.gradSquared()).isFinite();
      assertThat(step.gradVariance()).isCloseTo(step.traceSigma() / 8, within(1e-12));
    }

    // Then the rate ramps linearly to the scaled peak, and the iteration count advanced
    assertThat(lrs).containsExactly(new double[] {2e-4, 4e-4, 6e-4, 8e-4, 1e-3, 1e-3},
        within(1e-12));
    assertThat(trainer.network().getIterationCount()).isEqualTo(6);
    assertThat(trainer.trainedExamples()).isEqualTo(48);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MiniBatchTrainer.Backend.class)
  void shouldTrainAndPredictIdenticallyFromPlainArrays(MiniBatchTrainer.Backend backend) {
    // Given two identical trainers, one fed ND4J arrays and one the same values as float[]
    MiniBatchTrainer nd = new MiniBatchTrainer(smallConfig(), backend);
    MiniBatchTrainer plain = new MiniBatchTrainer(smallConfig(), backend);

    // When both take three steps and forecast
    for (int s = 0; s < 3; s++) {
      INDArray[] batch = randomBatch(8, 8, 50 + s);
      TrainingStep a = nd.step(batch[0], batch[1]);
      TrainingStep b = plain.step(batch[0].reshape(-1).toFloatVector(),
          batch[1].reshape(-1).toFloatVector(), 8);
      assertThat(b.loss()).isEqualTo(a.loss());
      assertThat(b.gradNorm()).isEqualTo(a.gradNorm());
    }
    INDArray[] probe = randomBatch(2, 8, 60);
    double[][] pa = nd.predict(probe[0]);
    double[][] pb = plain.predict(probe[0].reshape(-1).toFloatVector(), 2);

    // Then they are bit-identical
    assertThat(plain.snapshot().params()).containsExactly(nd.snapshot().params());
    assertThat(plain.snapshot().updaterState()).containsExactly(nd.snapshot().updaterState());
    assertThat(pb).isDeepEqualTo(pa);
  }

  @Test
  void shouldSkipNonFinitePlainArraysAndRejectBadLengths() {
    MiniBatchTrainer trainer = new MiniBatchTrainer(smallConfig());
    float[] x = randomBatch(8, 8, 70)[0].reshape(-1).toFloatVector();
    float[] y = new float[16];
    x[17] = Float.POSITIVE_INFINITY;

    assertThat(trainer.step(x, y, 8).skipped()).isTrue();
    assertThat(trainer.modelVersion()).isZero();
    assertThatThrownBy(() -> trainer.step(new float[7], y, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trainer.predict(new float[41], 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trainer.predict(x, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
