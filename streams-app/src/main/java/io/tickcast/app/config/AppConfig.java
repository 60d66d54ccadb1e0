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
 * @param modelCacheMaxSymbols live forecasters kept in memory per stream task
 *     ({@code model.cache.max.symbols}; evicted ones reload from the stores; which one goes: see
 *     the forecaster processor)
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
    int modelCacheMaxSymbols,
    TickParser.Limits tickLimits,
    DedupMode dedupTicks,
    int metricsPort,
    Http http,
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
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(barIdleTimeout, "barIdleTimeout");
    Objects.requireNonNull(dedupTicks, "dedupTicks");
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    shadowBatchSizes = java.util.List.copyOf(shadowBatchSizes);
  }

  /** This config with another Kafka Streams state directory (the demo's data dir), everything else equal. */
  public AppConfig withStateDir(Path dir) {
    return new AppConfig(bootstrapServers, applicationId, dir, topics, topicPartitions,
        topicReplicationFactor, createTopics, barSize, barGrace, barIdleTimeout, processingGuarantee,
        numStreamThreads, numStandbyReplicas, model, shadowBatchSizes, modelCacheMaxSymbols, tickLimits,
        dedupTicks,
        metricsPort, http, metricsMaxSymbols, statusInterval, demo, kafkaOverrides);
  }

  /**
   * The HTTP endpoint (metrics, health, REST queries, live page) on {@code metrics.port}.
   *
   * @param bindAddress interface to listen on ({@code 0.0.0.0} = all)
   * @param advertisedHost host other instances use to reach this one; with the actual port it
   *     becomes Kafka Streams' {@code application.server} unless {@code kafka.application.server}
   *     is set
   * @param adminEnabled serve endpoints that write or export (none exist yet); off by default
   * @param historySize points kept per symbol for {@code /api/history/{symbol}} (in memory); 0
   *     turns the sampling off
   */
  public record Http(String bindAddress, String advertisedHost, boolean adminEnabled, int historySize) {}

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
