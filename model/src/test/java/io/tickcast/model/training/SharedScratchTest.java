package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ModelTestBase;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Learners share their kernel and step buffers per thread ({@link ThreadScratch}): sharing must
 * not leak one model's parameters or staging into another's results, on one thread or across
 * threads.
 */
class SharedScratchTest extends ModelTestBase {

  @Test
  void shouldTrainInterleavedLearnersExactlyAsLearnersTrainedOneAfterTheOther() {
    // Given two pairs of learners from different starting points (b has taken one step)
    INDArray[][] batches = new INDArray[6][];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = randomBatch(8, 8, 100 + i);
    }
    Learner a1 = new Learner(smallConfig());
    Learner b1 = new Learner(smallConfig());
    step(b1, randomBatch(8, 8, 99));
    Learner a2 = Learner.restored(smallConfig(), Learner.Backend.KERNEL, a1.snapshot());
    Learner b2 = Learner.restored(smallConfig(), Learner.Backend.KERNEL, b1.snapshot());

    // When one pair trains alternately (a, b, a, b, ... on this thread's shared kernel) and the
    // other trains one learner after the other
    for (INDArray[] batch : batches) {
      step(a1, batch);
      predict(b1, batch);
      step(b1, batch);
      predict(a1, batch);
    }
    for (INDArray[] batch : batches) {
      step(a2, batch);
    }
    for (INDArray[] batch : batches) {
      step(b2, batch);
    }

    // Then both pairs end bit-identical, and the two learners differ from each other
    assertThat(a1.snapshot().params()).containsExactly(a2.snapshot().params());
    assertThat(a1.snapshot().updaterState()).containsExactly(a2.snapshot().updaterState());
    assertThat(b1.snapshot().params()).containsExactly(b2.snapshot().params());
    assertThat(b1.snapshot().updaterState()).containsExactly(b2.snapshot().updaterState());
    assertThat(a1.snapshot().params()).isNotEqualTo(b1.snapshot().params());
    INDArray[] probe = randomBatch(4, 8, 7);
    assertThat(predict(a1, probe)).isDeepEqualTo(predict(a2, probe));
    assertThat(predict(b1, probe)).isDeepEqualTo(predict(b2, probe));
    assertThat(predict(a1, probe)).isNotEqualTo(predict(b1, probe));
  }

  @Test
  void shouldForecastWithTheParametersOfTheLastStepTakenOnAnotherThread() throws Exception {
    // Given a learner that forecast on this thread (this thread's kernel holds its parameters)
    Learner learner = new Learner(smallConfig());
    INDArray[] probe = randomBatch(4, 8, 7);
    double[][] before = predict(learner, probe);

    // When it takes a step on another thread (as a migrated stream task would)
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      other.submit(() -> step(learner, randomBatch(8, 8, 3))).get();
    } finally {
      other.shutdown();
    }

    // Then its next forecast here uses the new parameters, as a restored copy's does
    Learner copy = Learner.restored(smallConfig(), Learner.Backend.KERNEL, learner.snapshot());
    double[][] after = predict(learner, probe);
    assertThat(after).isNotEqualTo(before).isDeepEqualTo(predict(copy, probe));
  }

  @Test
  void shouldLendABusyShapeOnlyOnceAndReuseItAfterRelease() {
    // Given a pool of arrays keyed by shape
    ThreadScratch<int[]> pool = new ThreadScratch<>((a, b) -> new int[a + b]);

    // When the same shape is acquired twice before a release, then again after one
    ThreadScratch.Lease<int[]> first = pool.acquire(2, 3);
    ThreadScratch.Lease<int[]> nested = pool.acquire(2, 3);
    first.release();
    ThreadScratch.Lease<int[]> again = pool.acquire(2, 3);

    // Then the nested acquire got its own object, and a released one is lent again
    assertThat(nested.value()).isNotSameAs(first.value());
    assertThat(again.value()).isSameAs(first.value());
    assertThat(pool.acquire(3, 2).value()).isNotSameAs(first.value()).isNotSameAs(nested.value());
  }
}
