package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures (does not assert) the median optimizer-step and forecast latency at the default
 * configuration (B=16, H=32, T=32) on each backend. Opt-in: {@code -Dtickcast.timing=true}; the
 * JMH benchmarks in {@code bench/} are the rigorous version.
 */
@EnabledIfSystemProperty(named = "tickcast.timing", matches = "true")
class TrainStepTimingTest extends ModelTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(TrainStepTimingTest.class);

  @Test
  void shouldReportMedianStepTimeWithTwoMicroBatches() {
    measure(ForecasterConfig.defaults(), Learner.Backend.KERNEL);
  }

  @Test
  void shouldReportMedianStepTimeWithoutMicroBatching() {
    measure(ForecasterConfig.defaults().withMicroBatches(1), Learner.Backend.KERNEL);
  }

  @Test
  void shouldReportMedianStepTimeOfTheDl4jBackend() {
    measure(ForecasterConfig.defaults(), Learner.Backend.DL4J);
  }

  private static void measure(ForecasterConfig cfg, Learner.Backend backend) {
    Learner trainer = new Learner(cfg, backend);
    int runs = 200;
    long[] stepNanos = new long[runs];
    long[] predictNanos = new long[runs];
    INDArray[] single = randomBatch(1, cfg.seqLength(), 999);
    for (int i = 0; i < runs + 20; i++) {
      INDArray[] batch = randomBatch(cfg.batchSize(), cfg.seqLength(), i);
      long t0 = System.nanoTime();
      step(trainer, batch);
      long t1 = System.nanoTime();
      predict(trainer, single);
      long t2 = System.nanoTime();
      if (i >= 20) {
        stepNanos[i - 20] = t1 - t0;
        predictNanos[i - 20] = t2 - t1;
      }
    }
    Arrays.sort(stepNanos);
    Arrays.sort(predictNanos);
    LOG.info("{} B={} H={} T={} k={}: median train step {} ms (p90 {} ms), median predict {} ms",
        backend, cfg.batchSize(), cfg.hiddenSize(), cfg.seqLength(), cfg.microBatches(),
        stepNanos[runs / 2] / 1e6, stepNanos[runs * 9 / 10] / 1e6, predictNanos[runs / 2] / 1e6);
    assertThat(trainer.modelVersion()).isEqualTo(runs + 20);
  }
}
