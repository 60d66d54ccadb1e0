package io.tickcast.app;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickcast.app.api.ApiHandler;
import io.tickcast.app.api.SymbolHistory;
import io.tickcast.app.api.SymbolStateView;
import com.sun.net.httpserver.HttpHandler;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.StreamsProperties;
import io.tickcast.app.errors.FailurePolicy;
import io.tickcast.app.http.HttpEndpoint;
import io.tickcast.app.http.LivePage;
import io.tickcast.app.metrics.JvmBinders;
import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.topology.ForecastTopology;
import io.tickcast.app.topology.Topics;
import io.tickcast.app.topology.TopologyDeps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline: Kafka Streams with tickcast's topology, failure policy and metrics, plus
 * the HTTP endpoint (metrics, health, the read-only REST API and the live page) and the console
 * status line. This is the composition root's product; it owns
 * every resource it starts and {@link #close()} releases them in reverse order.
 */
public final class TickcastService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TickcastService.class);
  /** How often the Kafka client meters are re-scanned (Micrometer's default is 60 s). */
  static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(5);

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final PrometheusMeterRegistry registry;
  private final TickcastMetrics metrics;
  private final HttpEndpoint http;
  private final ScheduledExecutorService status;
  private final JvmBinders jvm;

  private TickcastService(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics,
      PrometheusMeterRegistry registry, TickcastMetrics metrics, HttpEndpoint http,
      ScheduledExecutorService status, JvmBinders jvm) {
    this.streams = streams;
    this.jvm = jvm;
    this.streamsMetrics = streamsMetrics;
    this.registry = registry;
    this.metrics = metrics;
    this.http = http;
    this.status = status;
  }

  /** Creates missing topics (when {@code topic.create}), builds and starts the pipeline. */
  public static TickcastService start(AppConfig config, String bootstrapServers) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TickcastMetrics metrics = new TickcastMetrics(config.metricsMaxSymbols());
    metrics.bindTo(registry);

    Topics topics = Topics.of(config.topics());
    metrics.registerDeadLetterCounters(List.of(topics.ticksDlq().name(), topics.barsDlq().name()),
        java.util.Arrays.stream(io.tickcast.app.serde.RejectReason.values())
            .map(io.tickcast.app.serde.RejectReason::code).toList());
    FailurePolicy policy = new FailurePolicy(metrics,
        Map.of(topics.ticks().name(), topics.ticksDlq().name(),
            topics.bars().name(), topics.barsDlq().name()),
        topics.ticksDlq().name());
    // Kafka's own checks of the kafka.* values before the topic check, which against a cluster
    // that does not answer waits 30 s and then fails for another reason.
    StreamsConfig checked = StreamsProperties.check(StreamsProperties.of(config, bootstrapServers, policy),
        config.kafkaOverrides());
    TopicSetup.prepare(config, checked, bootstrapServers);
    Topology topology = ForecastTopology.build(new TopologyDeps(topics, config.barSize(),
        config.barGrace(), config.barIdleTimeout(), config.model(), config.tickLimits(), metrics, System::currentTimeMillis,
        config.dedupTicks(), config.shadowBatchSizes(), config.modelCacheMaxSymbols()));
    LOG.info("topology:\n{}", topology.describe());
    // HTTP first: its actual port is this instance's application.server for the REST queries.
    AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
    HttpEndpoint http = HttpEndpoint.start(config.http().bindAddress(), config.metricsPort(), registry,
        () -> streamsRef.get() == null ? KafkaStreams.State.CREATED : streamsRef.get().state());
    // Routed now, so they answer while Kafka Streams is being built: the API with 503 until then.
    AtomicReference<HttpHandler> api = new AtomicReference<>(ApiHandler.starting());
    http.route("/api/", ex -> api.get().handle(ex));
    LivePage.install(http);
    KafkaStreams streams;
    HostInfo self;
    try {
      Properties props = StreamsProperties.of(config, bootstrapServers, policy,
          config.http().advertisedHost() + ":" + http.port());
      self = advertised(props, config.kafkaOverrides());
      try {
        streams = new KafkaStreams(topology, props);
      } catch (RuntimeException e) {
        // A bad kafka.* value is the user's to fix, like any key (exit 2 naming it).
        throw StreamsProperties.asUserError(e, config.kafkaOverrides());
      }
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
    streamsRef.set(streams);
    // Bound once nothing before can fail: JvmGcMetrics holds listeners until closed.
    JvmBinders jvm = JvmBinders.bindTo(registry);
    streams.setUncaughtExceptionHandler(e -> {
      metrics.uncaughtException();
      LOG.error("stream thread died; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      LOG.info("Kafka Streams {} -> {}", before, now);
      metrics.streamsUp(now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.REBALANCING);
    });
    // Micrometer refreshes the set of Kafka client meters every 60 s by default: the consumer and
    // producer meters (lag, dropped records) would appear a minute after start. Every few seconds
    // they appear as soon as the clients create them.
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(),
        Executors.newSingleThreadScheduledExecutor(daemon("tickcast-kafka-metrics")), KAFKA_METRICS_REFRESH);
    streamsMetrics.bindTo(registry);
    SymbolStateView view = new SymbolStateView(streams, config.model());
    SymbolHistory history = new SymbolHistory(view, registry, config.http().historySize());
    api.set(new ApiHandler(streams, view, history, self));
    LOG.info("HTTP on {}:{}: /metrics, /health, /api (application.server {}), live page /", 
        config.http().bindAddress(), http.port(), self);
    streams.start();

    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(daemon("tickcast-status"));
    if (config.http().historySize() > 0) {
      status.scheduleWithFixedDelay(() -> {
        try {
          history.sample();
        } catch (RuntimeException e) {
          LOG.warn("sampling the symbol history failed", e);
        }
      }, 1, 1, TimeUnit.SECONDS);
    }
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
    return new TickcastService(streams, streamsMetrics, registry, metrics, http, status, jvm);
  }

  /**
   * This instance's {@code application.server} as the REST API links it. A host Kafka cannot parse
   * is a config error naming the key it came from: {@code kafka.application.server} when set, else
   * {@code http.advertised.host} (not a {@code kafka.*} setting, though Kafka parses it).
   */
  static HostInfo advertised(Properties props, Map<String, String> kafkaOverrides) {
    try {
      return HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
    } catch (org.apache.kafka.common.config.ConfigException e) {
      String key = kafkaOverrides.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)
          ? "kafka." + StreamsConfig.APPLICATION_SERVER_CONFIG : "http.advertised.host";
      throw new io.tickcast.app.config.ConfigException(key, e.getMessage(), e);
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
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
    jvm.close();
    registry.close();
  }
}
