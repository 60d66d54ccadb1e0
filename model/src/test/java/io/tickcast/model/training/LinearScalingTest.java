package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The linear scaling rule applies to the batch actually used by a step (adaptive B). */
class LinearScalingTest extends ModelTestBase {

  @Test
  void shouldScaleTheLearningRateWithTheStepsBatchSize() {
    // Given lr_ref 1e-3 at B_ref 8, configured B 8, no warm-up
    ForecasterConfig cfg = new ForecasterConfig(8, 8, 8, 8, 1e-3, 0, 1.0, 2, 200.0, 200, 0.0, 20,
        0.05, 0.94, SEED);
    Learner trainer = new Learner(cfg);
    // When steps use 8, 4 and 16 examples
    double[] lrs = new double[3];
    int[] sizes = {8, 4, 16};
    for (int i = 0; i < 3; i++) {
      INDArray[] b = randomBatch(sizes[i], 8, i);
      lrs[i] = step(trainer, b).learningRate();
    }
    // Then lr = lr_ref * B_step / B_ref
    assertThat(lrs[0]).isCloseTo(1e-3, within(1e-12));
    assertThat(lrs[1]).isCloseTo(5e-4, within(1e-12));
    assertThat(lrs[2]).isCloseTo(2e-3, within(1e-12));
    // and the one schedule gives the configured B's rate for the next step
    assertThat(trainer.nextLearningRate()).isCloseTo(1e-3, within(1e-12));
  }
}
