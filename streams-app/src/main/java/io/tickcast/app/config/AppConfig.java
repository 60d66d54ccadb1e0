package io.tickcast.app.config;

import io.tickcast.app.serde.TickParser;
import io.tickcast.model.ForecasterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole, validated configuration of a tickcast process. Immutable; built once at start by
 * {@link AppConfigLoader} (defaults, then the properties file, then {@code TICKCAST_*}
 * environment variables). Only {@code StreamsProperties} turns it into Kafka {@code Properties}.
 *
 * @param bootstrapServers external Kafka; empty means the demo starts an embedded broker
 * @param kafkaOverrides {@code kafka.*} keys passed verbatim (prefix removed) to Kafka Streams
 */
public record AppConfig(
    Optional<String> bootstrapServers,
    String applicationId,
    Path stateDir,
    TopicNames topics,
    int topicPartitions,
    short topicReplicationFactor,
    boolean createTopics,
    Duration barSize,
    Duration barGrace,
    String processingGuarantee,
    int numStreamThreads,
    int numStandbyReplicas,
    ForecasterConfig model,
    java.util.List<Integer> shadowBatchSizes,
    TickParser.Limits tickLimits,
    boolean dedupTicks,
    int metricsPort,
    int metricsMaxSymbols,
    Duration statusInterval,
    Demo demo,
    Map<String, String> kafkaOverrides) {

  public AppConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tickLimits, "tickLimits");
    Objects.requireNonNull(demo, "demo");
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    shadowBatchSizes = java.util.List.copyOf(shadowBatchSizes);
  }

  /** Names of the topics tickcast reads and writes. */
  public record TopicNames(String ticks, String bars, String forecasts, String ticksDlq, String barsDlq) {}

  /**
   * Settings of the self-contained demo.
   *
   * @param speed event-time milliseconds replayed per wall-clock millisecond (0 = no pacing)
   * @param csv trades file to replay; empty = the bundled Bitstamp sample
   */
  public record Demo(double speed, Optional<Path> csv, String symbol, int brokerPort, Optional<Path> dataDir) {}
}
