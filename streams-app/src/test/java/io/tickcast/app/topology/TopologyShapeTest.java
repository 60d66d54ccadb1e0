package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.metrics.TickcastMetrics;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The production topology is one sub-topology: ticks, the bar builder, the forecaster and the
 * latest-forecast store share a task per partition, so a bar reaches its forecast without a
 * topic round trip and no repartition topic exists (the key is the symbol throughout).
 */
class TopologyShapeTest {

  @Test
  void shouldBuildOneSubTopologyWithoutRepartitionTopics() {
    // Given the production dependencies
    AppConfig config = AppConfigLoader.fromLayers(Map.of(), Map.of());
    Topics topics = Topics.of(config.topics());
    TopologyDeps deps = new TopologyDeps(topics, config.barSize(), config.barGrace(),
        config.barIdleTimeout(), config.model(), config.tickLimits(), new TickcastMetrics(10),
        System::currentTimeMillis, config.dedupTicks(), config.shadowBatchSizes());

    // When the topology is built
    TopologyDescription d = ForecastTopology.build(deps).describe();

    // Then there is a single sub-topology and no repartition topic
    assertThat(d.subtopologies()).hasSize(1);
    assertThat(d.toString()).doesNotContain("-repartition");
    assertThat(d.toString()).contains(ForecastTopology.LATEST_FORECAST_STORE);
  }
}
