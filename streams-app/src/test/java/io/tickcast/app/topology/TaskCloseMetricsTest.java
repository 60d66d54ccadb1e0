package io.tickcast.app.topology;

import static io.tickcast.app.fixtures.Ticks.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A closing task (revoked, migrated) takes its symbols' meters along and frees their slots. */
class TaskCloseMetricsTest {

  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  /** The wall clock, a day after the ticks: they are history, far from the future checks' skew. */
  private static final long AFTER_HISTORY = T0 + 86_400_000L;

  @TempDir Path stateDir;

  @Test
  void shouldRemoveTheMetersOfTheTasksSymbolsWhenTheTaskCloses() {
    TopologyFixture fx = new TopologyFixture(stateDir, Map.of("bar.size", "1m", "bar.grace", "0s",
        "model.seq.length", "2", "model.batch.size", "2", "model.hidden.size", "4"), AFTER_HISTORY);
    TestInputTopic<String, byte[]> ticks = fx.driver.createInputTopic("ticks",
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    // Given a task that built and forecast bars of BTC
    for (int m = 0; m < 3; m++) {
      ticks.pipeInput("BTC", json("BTC", T0 + m * 60_000L + 1_000, 100 + m, 1), T0);
    }
    assertThat(fx.counter("tickcast.bars", "symbol", "BTC")).isEqualTo(2.0);
    // When the task closes, then none of BTC's series is left on this instance
    fx.close();
    assertThat(fx.registry.getMeters())
        .noneMatch(meter -> "BTC".equals(meter.getId().getTag("symbol")));
  }
}
