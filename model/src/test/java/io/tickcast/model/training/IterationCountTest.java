package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.persistence.ModelCodec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The learner's iteration count (Adam's bias correction, the warm-up) over years of steps: a
 * step every 4 bars is ≈ 7.9 million steps a year of 1-second bars, past float's exact integers
 * (2^24) within three years, and 2^31 − 1 is where an {@code int} ends. Tested on restored
 * counters, since no run gets there.
 */
class IterationCountTest extends ModelTestBase {

  private static final ForecasterConfig CFG = smallConfig();

  /** A learner with the parameters and moments of a briefly trained one, at {@code iteration}. */
  private static Learner at(TrainerSnapshot s, int iteration) {
    return Learner.restored(CFG, Learner.Backend.KERNEL, new TrainerSnapshot(s.params(),
        s.updaterState(), iteration, s.modelVersion(), s.trainedExamples(), s.skippedSteps(),
        s.emaGradSquared(), s.emaTraceSigma(), s.noiseObservations(), 0));
  }

  private static TrainerSnapshot trained() {
    Learner l = new Learner(CFG);
    for (int i = 0; i < 20; i++) {
      step(l, randomBatch(8, 8, 100 + i));
    }
    return l.snapshot();
  }

  @Test
  void stepsAfterYearsOfStepsAreThoseOfAWarmedUpLearner() {
    // Given the same model at 100,000 iterations and at 100 million (≈ 13 years of 1-s bars)
    TrainerSnapshot s = trained();
    Learner young = at(s, 100_000);
    Learner old = at(s, 100_000_000);

    // When both take the same steps
    for (int i = 0; i < 5; i++) {
      INDArray[] batch = randomBatch(8, 8, 200 + i);
      TrainingStep a = step(young, batch);
      TrainingStep b = step(old, batch);
      // Then both run at the peak rate, bias correction saturated, to the same parameters
      assertThat(b.learningRate()).isEqualTo(a.learningRate()).isPositive();
    }
    assertThat(old.snapshot().params()).containsExactly(young.snapshot().params());
  }

  @Test
  void theIterationCountSaturatesInsteadOfWrappingAtTheIntLimit() {
    // Given the same model at 100,000 iterations and two short of the int limit
    TrainerSnapshot s = trained();
    Learner young = at(s, 100_000);
    Learner limit = at(s, Integer.MAX_VALUE - 2);

    // When both take five steps (through the limit)
    for (int i = 0; i < 5; i++) {
      INDArray[] batch = randomBatch(8, 8, 300 + i);
      TrainingStep a = step(young, batch);
      TrainingStep b = step(limit, batch);
      // Then the rate stays the peak rate (a wrapped count gave a negative one) and the steps
      // stay those of any warmed-up learner
      assertThat(b.learningRate()).as("step %d", i).isEqualTo(a.learningRate()).isPositive();
      assertThat(b.skipped()).isFalse();
    }
    assertThat(limit.snapshot().params()).containsExactly(young.snapshot().params());
    assertThat(limit.iterationCount()).isEqualTo(Integer.MAX_VALUE);
    assertThat(limit.modelVersion()).isEqualTo(young.modelVersion());

    // and the model still restores (a negative count was refused as corrupt: a cold start)
    byte[] bytes = ModelCodec.encode(CFG, limit.snapshot(), new DivergenceGuard());
    assertThat(ModelCodec.decode(bytes, CFG).snapshot().iterationCount())
        .isEqualTo(Integer.MAX_VALUE);
  }
}
