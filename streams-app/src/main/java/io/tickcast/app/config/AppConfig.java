package io.tickcast.app.config;

import io.tickcast.app.serde.DedupMode;
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
 * @param barIdleTimeout wall-clock quiet time of a live partition after which its bars close on the
 *     wall clock ({@code bar.idle.timeout}); zero turns wall-clock closing off
 * @param dedupTicks what counts as a duplicate tick ({@code tick.dedup})
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
    Duration barIdleTimeout,
    String processingGuarantee,
    int numStreamThreads,
    int numStandbyReplicas,
    ForecasterConfig model,
    java.util.List<Integer> shadowBatchSizes,
    TickParser.Limits tickLimits,
    DedupMode dedupTicks,
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
    Objects.requireNonNull(barIdleTimeout, "barIdleTimeout");
    Objects.requireNonNull(dedupTicks, "dedupTicks");
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    shadowBatchSizes = java.util.List.copyOf(shadowBatchSizes);
  }

  /**
   * The components without {@code barIdleTimeout}, which takes its default, for callers written
   * before that key existed. Prefer {@link #withStateDir} to copy a loaded config.
   */
  public AppConfig(Optional<String> bootstrapServers, String applicationId, Path stateDir,
      TopicNames topics, int topicPartitions, short topicReplicationFactor, boolean createTopics,
      Duration barSize, Duration barGrace, String processingGuarantee, int numStreamThreads,
      int numStandbyReplicas, ForecasterConfig model, java.util.List<Integer> shadowBatchSizes,
      TickParser.Limits tickLimits, DedupMode dedupTicks, int metricsPort, int metricsMaxSymbols,
      Duration statusInterval, Demo demo, Map<String, String> kafkaOverrides) {
    this(bootstrapServers, applicationId, stateDir, topics, topicPartitions, topicReplicationFactor,
        createTopics, barSize, barGrace,
        AppConfigLoader.parseDuration(AppConfigLoader.DEFAULTS.get("bar.idle.timeout")),
        processingGuarantee, numStreamThreads, numStandbyReplicas, model, shadowBatchSizes,
        tickLimits, dedupTicks, metricsPort, metricsMaxSymbols, statusInterval, demo, kafkaOverrides);
  }

  /** This config with another state directory, everything else equal. */
  public AppConfig withStateDir(Path dir) {
    return new AppConfig(bootstrapServers, applicationId, dir, topics, topicPartitions,
        topicReplicationFactor, createTopics, barSize, barGrace, barIdleTimeout, processingGuarantee,
        numStreamThreads, numStandbyReplicas, model, shadowBatchSizes, tickLimits, dedupTicks,
        metricsPort, metricsMaxSymbols, statusInterval, demo, kafkaOverrides);
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
