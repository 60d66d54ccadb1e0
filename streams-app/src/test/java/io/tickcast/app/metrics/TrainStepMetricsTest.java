package io.tickcast.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickcast.model.BarResult;
import io.tickcast.model.TrainingStep;
import org.junit.jupiter.api.Test;

/**
 * The step and rollback counters count every optimizer step, the catch-up steps included; the
 * catch-up's head refits count apart.
 */
class TrainStepMetricsTest {

  private final SimpleMeterRegistry r = new SimpleMeterRegistry();

  private double count(String name, String symbol) {
    return r.get(name).tag("symbol", symbol).counter().count();
  }

  @Test
  void shouldCountCatchUpStepsAsUpdatesAndTheirRollbacksAsRollbacks() {
    TickcastMetrics m = new TickcastMetrics(10);
    m.bindTo(r);
    TrainingStep step = new TrainingStep(1, 16, 3e-3, 0.5, 1.2, 0.3, 4.0, 0.25, 13.0, false, 1_000);

    m.trained("BTC", step);
    m.extraSteps("BTC", new BarResult.ExtraSteps(6, 2, 5_000));
    m.rolledBack("BTC", step);

    assertThat(count("tickcast.train.updates", "BTC")).isEqualTo(7);
    assertThat(count("tickcast.train.rollbacks", "BTC")).isEqualTo(3);
  }

  @Test
  void shouldCountHeadRefitsApartByOutcomeAndNotAsUpdates() {
    TickcastMetrics m = new TickcastMetrics(10);
    m.bindTo(r);

    m.extraSteps("BTC", new BarResult.ExtraSteps(0, 0, 1, 0, 5_000));
    m.extraSteps("BTC", new BarResult.ExtraSteps(0, 0, 0, 1, 5_000));
    m.extraSteps("BTC", new BarResult.ExtraSteps(0, 0, 1, 0, 5_000));

    assertThat(r.get("tickcast.train.head.refits").tag("symbol", "BTC").tag("outcome", "applied")
        .counter().count()).isEqualTo(2);
    assertThat(r.get("tickcast.train.head.refits").tag("symbol", "BTC").tag("outcome", "refused")
        .counter().count()).isEqualTo(1);
    assertThat(count("tickcast.train.updates", "BTC")).isZero();
  }

  @Test
  void shouldCountAShadowTrainersCatchUpStepsAsItsUpdates() {
    TickcastMetrics m = new TickcastMetrics(10);
    m.bindTo(r);
    TrainingStep step = new TrainingStep(1, 4, 3e-3, 0.5, 1.2, 0.3, 4.0, 0.25, 13.0, false, 1_000);

    m.shadow("BTC", 4, step, null, 3);
    m.shadow("BTC", 4, null, null, 0);

    assertThat(r.get("tickcast.shadow.updates").tag("symbol", "BTC").tag("batch_size", "4")
        .counter().count()).isEqualTo(4);
  }
}
