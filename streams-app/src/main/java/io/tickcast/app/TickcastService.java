package io.tickcast.app;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.StreamsProperties;
import io.tickcast.app.errors.FailurePolicy;
import io.tickcast.app.http.HttpEndpoint;
import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.topology.ForecastTopology;
import io.tickcast.app.topology.Topics;
import io.tickcast.app.topology.TopologyDeps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline: Kafka Streams with tickcast's topology, failure policy and metrics, plus
 * the HTTP endpoint and the console status line. This is the composition root's product; it owns
 * every resource it starts and {@link #close()} releases them in reverse order.
 */
public final class TickcastService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TickcastService.class);

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final PrometheusMeterRegistry registry;
  private final TickcastMetrics metrics;
  private final HttpEndpoint http;
  private final ScheduledExecutorService status;

  private TickcastService(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics,
      PrometheusMeterRegistry registry, TickcastMetrics metrics, HttpEndpoint http,
      ScheduledExecutorService status) {
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.registry = registry;
    this.metrics = metrics;
    this.http = http;
    this.status = status;
  }

  /** Creates missing topics (when {@code topic.create}), builds and starts the pipeline. */
  public static TickcastService start(AppConfig config, String bootstrapServers) {
    if (config.createTopics()) {
      createTopics(config, bootstrapServers);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    TickcastMetrics metrics = new TickcastMetrics(config.metricsMaxSymbols());
    metrics.bindTo(registry);

    Topics topics = Topics.of(config.topics());
    metrics.registerDeadLetterCounters(List.of(topics.ticksDlq().name(), topics.barsDlq().name()),
        java.util.Arrays.stream(io.tickcast.app.serde.RejectReason.values())
            .map(io.tickcast.app.serde.RejectReason::code).toList());
    Topology topology = ForecastTopology.build(new TopologyDeps(topics, config.barSize(),
        config.barGrace(), config.barIdleTimeout(), config.model(), config.tickLimits(), metrics, System::currentTimeMillis,
        config.dedupTicks(), config.shadowBatchSizes()));
    LOG.info("topology:\n{}", topology.describe());
    FailurePolicy policy = new FailurePolicy(metrics,
        Map.of(topics.ticks().name(), topics.ticksDlq().name(),
            topics.bars().name(), topics.barsDlq().name()),
        topics.ticksDlq().name());
    KafkaStreams streams = new KafkaStreams(topology,
        StreamsProperties.of(config, bootstrapServers, policy));
    streams.setUncaughtExceptionHandler(e -> {
      metrics.uncaughtException();
      LOG.error("stream thread died; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      LOG.info("Kafka Streams {} -> {}", before, now);
      metrics.streamsUp(now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.REBALANCING);
    });
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    HttpEndpoint http = HttpEndpoint.start(config.metricsPort(), registry, streams::state);
    LOG.info("metrics on http://localhost:{}/metrics, health on /health", http.port());
    streams.start();

    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tickcast-status");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, config.statusInterval().toMillis());
    long startedMs = System.currentTimeMillis();
    java.util.concurrent.atomic.AtomicBoolean firstReported = new java.util.concurrent.atomic.AtomicBoolean();
    status.scheduleAtFixedRate(() -> {
      long first = metrics.firstForecastWallMs();
      if (first > 0 && firstReported.compareAndSet(false, true)) {
        LOG.info("first forecast published {} ms after the pipeline started", first - startedMs);
      }
    }, 200, 200, TimeUnit.MILLISECONDS);
    status.scheduleAtFixedRate(() -> LOG.info(
        "status: {} | ticks {} | bars {} | forecasts {} | dlq {} | last loss {}",
        streams.state(), (long) metrics.ticksTotal(), metrics.barsTotal(), metrics.forecastsTotal(),
        metrics.dlqTotal(), String.format(java.util.Locale.ROOT, "%.4f", metrics.lastLoss())),
        every, every, TimeUnit.MILLISECONDS);
    return new TickcastService(streams, streamsMetrics, registry, metrics, http, status);
  }

  /** Creates the five topics if they do not exist; existing topics are left as they are. */
  static void createTopics(AppConfig config, String bootstrapServers) {
    Topics topics = Topics.of(config.topics());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : topics.names()) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor()));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.info("created topics {} ({} partitions, replication {})",
            missing.stream().map(NewTopic::name).toList(), config.topicPartitions(),
            config.topicReplicationFactor());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public TickcastMetrics metrics() {
    return metrics;
  }

  public int httpPort() {
    return http.port();
  }

  /** Closes Streams (committing and flushing), then metrics and HTTP. */
  @Override
  public void close() {
    status.shutdownNow();
    boolean clean = streams.close(Duration.ofSeconds(30));
    if (!clean) {
      LOG.warn("Kafka Streams did not close within 30 s");
    }
    streamsMetrics.close();
    http.close();
    registry.close();
  }
}
