package io.tickcast.app.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.config.StreamsProperties;
import io.tickcast.app.errors.FailurePolicy;
import io.tickcast.app.metrics.TickcastMetrics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TopologyTestDriver;

/** Builds the production topology on a {@link TopologyTestDriver} with production properties. */
final class TopologyFixture implements AutoCloseable {

  final AppConfig config;
  final Topics topics;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TickcastMetrics metrics = new TickcastMetrics(50);
  final TopologyTestDriver driver;
  /** The wall clock the topology reads (its future checks); moved by {@link #advanceWallClock}. */
  private volatile long wallMs;

  TopologyFixture(Path stateDir, Map<String, String> overrides, long wallClockMs) {
    this(stateDir, overrides, wallClockMs, ForecastTopology::build);
  }

  /** A fixture of the topology {@code topology} builds from the production dependencies. */
  TopologyFixture(Path stateDir, Map<String, String> overrides, long wallClockMs,
      java.util.function.Function<TopologyDeps, org.apache.kafka.streams.Topology> topology) {
    wallMs = wallClockMs;
    Map<String, String> props = new java.util.HashMap<>(overrides);
    props.put("state.dir", stateDir.toString());
    config = AppConfigLoader.fromLayers(props, Map.of());
    topics = Topics.of(config.topics());
    metrics.bindTo(registry);
    TopologyDeps deps = new TopologyDeps(topics, config.barSize(), config.barGrace(), config.barIdleTimeout(), config.model(),
        config.tickLimits(), metrics, () -> wallMs, config.dedupTicks(),
        config.shadowBatchSizes());
    FailurePolicy policy = new FailurePolicy(metrics,
        Map.of(topics.ticks().name(), topics.ticksDlq().name(), topics.bars().name(),
            topics.barsDlq().name()), topics.ticksDlq().name());
    Properties p = StreamsProperties.of(config, "unused:9092", policy);
    driver = new TopologyTestDriver(topology.apply(deps), p, java.time.Instant.ofEpochMilli(wallClockMs));
  }

  /** Moves the wall clock of the driver (firing due punctuations) and of the topology's checks. */
  void advanceWallClock(long ms) {
    wallMs += ms;
    driver.advanceWallClockTime(java.time.Duration.ofMillis(ms));
  }

  double counter(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    driver.close();
  }
}
