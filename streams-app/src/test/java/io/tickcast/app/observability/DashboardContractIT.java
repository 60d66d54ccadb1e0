package io.tickcast.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickcast.app.TickcastService;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.fixtures.MixedTicks;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard contract, end to end: the real app on an in-JVM KRaft broker is fed ticks for
 * three symbols (bad ones included), a real {@code prometheus} process scrapes it and evaluates
 * {@code docker/prometheus/alerts.yml}, and then every PromQL expression of every panel in
 * {@code grafana/dashboards/*.json} (template variables substituted) and every template-variable
 * query must return at least one series. A panel that would stay empty in Grafana fails here.
 */
class DashboardContractIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardContractIT.class);
  private static final long T0 = Instant.parse("2024-01-02T09:00:00Z").toEpochMilli();
  private static final int MINUTES = 60;
  private static final List<String> SYMBOLS = List.of("AAA", "BBB", "CCC");
  private static final Duration APP_READY = Duration.ofMinutes(4);
  /** The Kafka client series the dashboards and alerts use must appear this soon after start. */
  private static final Duration KAFKA_METRICS_READY = Duration.ofSeconds(30);
  private static final Duration PROMETHEUS_READY = Duration.ofMinutes(1);
  private static final int SCRAPES = 6;

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();


  @Test
  void shouldReturnDataForEveryDashboardQuery() throws Exception {
    Path prometheusBinary = ExternalTool.require("prometheus", "apt-get install prometheus; .ci/run does this on CI");
    long started = System.nanoTime();

    // Given the app with unique topics and a small model, fed three symbols and some bad ticks
    String id = "obs-" + UUID.randomUUID().toString().substring(0, 8);
    AppConfig config = AppConfigLoader.fromLayers(appProperties(id), Map.of());
    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers())) {
      long serviceStarted = System.nanoTime();
      MixedTicks.produce(broker.bootstrapServers(), config.topics().ticks(), SYMBOLS, T0, MINUTES, 11);
      awaitScrape(service, kafkaClientSeries(), serviceStarted, KAFKA_METRICS_READY);
      LOG.info("Kafka client series exported {} s after the service started", seconds(serviceStarted));
      awaitScrape(service, readiness(), started, APP_READY);
      LOG.info("app ready after {} s", seconds(started));

      // and Prometheus scraping it every second and evaluating the alert rules
      String instance = "127.0.0.1:" + service.httpPort();
      try (Prometheus prometheus = Prometheus.start(prometheusBinary, instance)) {
        String api = prometheus.api();
        awaitQuery(api, "count_over_time(up{job=\"tickcast\"}[5m]) >= " + SCRAPES,
            r -> r.size() == 1, "at least " + SCRAPES + " scrapes of " + instance);
        awaitRulesEvaluated(api);
        LOG.info("prometheus ready after {} s", seconds(started));

        // When every panel query runs with the template variables set
        Map<String, String> vars = Map.of("instance", instance, "symbol", SYMBOLS.get(0),
            "__rate_interval", "15s", "__interval", "5s", "__range", "5m");
        List<String> empty = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-26s | %-48s | %-3s | %s%n",
            "dashboard", "panel", "ref", "series"));
        for (DashboardFiles.Target t : DashboardFiles.targets()) {
          String expr = DashboardFiles.substitute(t.expr(), vars);
          JsonNode result = query(api, expr);
          table.append(String.format(Locale.ROOT, "%-26s | %-48s | %-3s | %d%n",
              t.dashboard().replace(".json", ""), t.panel(), t.refId(), result.size()));
          if (result.isEmpty()) {
            empty.add(t.label() + ": " + expr);
          }
        }

        // and every template variable query
        for (DashboardFiles.Variable v : DashboardFiles.variables()) {
          String promql = DashboardFiles.substitute(DashboardFiles.labelValuesAsPromql(v.query()), vars);
          JsonNode result = query(api, promql);
          String label = DashboardFiles.labelOfLabelValues(v.query());
          long values = 0;
          for (JsonNode series : result) {
            if (!series.path("metric").path(label).asText().isEmpty()) {
              values++;
            }
          }
          table.append(String.format(Locale.ROOT, "%-26s | %-48s | %-3s | %d%n",
              v.dashboard().replace(".json", ""), "variable $" + v.name(), "-", values));
          if (values == 0) {
            empty.add(v.dashboard() + " / variable $" + v.name() + ": " + promql);
          }
        }
        LOG.info("series per panel query (instance {}, symbol {}):{}", instance, SYMBOLS.get(0), table);
        LOG.info("dashboard contract checked after {} s", seconds(started));

        // Then none is empty (and the check can tell: an unknown series has no data)
        assertThat(empty).as("dashboard queries without data").isEmpty();
        assertThat(query(api, "tickcast_no_such_series{instance=\"" + instance + "\"}")).isEmpty();
      }
    }
  }

  private static Map<String, String> appProperties(String id) {
    Map<String, String> props = new HashMap<>();
    props.put("application.id", id);
    props.put("state.dir", tmp.resolve(id).toString());
    props.put("topic.ticks", id + ".ticks");
    props.put("topic.bars", id + ".bars");
    props.put("topic.forecasts", id + ".forecasts");
    props.put("topic.ticks.dlq", id + ".ticks.dlq");
    props.put("topic.bars.dlq", id + ".bars.dlq");
    props.put("topic.partitions", "3");
    props.put("bar.grace", "5s");
    props.put("metrics.port", "0");
    props.put("model.seq.length", "8");
    props.put("model.batch.size", "4");
    props.put("model.hidden.size", "8");
    props.put("status.interval", "5s");
    return props;
  }

  /**
   * Series the dashboards need that appear only once data has flowed through every stage, as
   * (series name, required label) pairs matched against scrape lines.
   */
  private static List<Map.Entry<String, String>> readiness() {
    List<Map.Entry<String, String>> needed = new ArrayList<>();
    for (String s : SYMBOLS) {
      String label = "symbol=\"" + s + "\"";
      needed.add(Map.entry("tickcast_train_updates_total", label));
      needed.add(Map.entry("tickcast_eval_skill", label));
      needed.add(Map.entry("tickcast_forecasts_total", label));
    }
    needed.add(Map.entry("tickcast_dlq_records_total", "reason="));
    needed.add(Map.entry("tickcast_forecast_abs_error_bucket", "le="));
    return needed;
  }

  /**
   * The Kafka client series of the dashboards and alerts. Micrometer binds a Kafka client meter on
   * its refresh; the service refreshes every few seconds, not every 60 s (Micrometer's default).
   */
  private static List<Map.Entry<String, String>> kafkaClientSeries() {
    return List.of(
        Map.entry("kafka_consumer_fetch_manager_records_lag", "partition="),
        Map.entry("kafka_consumer_fetch_manager_records_lag_max", "client_id="),
        Map.entry("kafka_stream_alive_stream_threads", "client_id="),
        Map.entry("kafka_stream_task_dropped_records_total", "task_id="));
  }

  private static void awaitScrape(TickcastService service, List<Map.Entry<String, String>> needed,
      long fromNanos, Duration within) throws InterruptedException {
    long deadline = fromNanos + within.toNanos();
    List<Map.Entry<String, String>> missing = needed;
    while (System.nanoTime() < deadline) {
      List<String> lines = service.registry().scrape().lines().filter(l -> !l.startsWith("#")).toList();
      missing = needed.stream().filter(n -> lines.stream().noneMatch(
          l -> l.startsWith(n.getKey() + "{") && l.contains(n.getValue()))).toList();
      if (missing.isEmpty()) {
        return;
      }
      Thread.sleep(500);
    }
    fail("the app did not export %s within %s", missing, within);
  }

  /** A {@code prometheus} child process scraping one target and evaluating tickcast's alert rules. */
  private record Prometheus(Process process, String api, Path log) implements AutoCloseable {

    static Prometheus start(Path binary, String target) throws IOException {
      Path dir = Files.createDirectories(tmp.resolve("prometheus-" + UUID.randomUUID()));
      Path alerts = DashboardFiles.repoRoot().resolve("docker/prometheus/alerts.yml");
      Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  scrape_timeout: 1s",
          "  evaluation_interval: 1s",
          "rule_files:",
          "  - " + alerts,
          "scrape_configs:",
          "  - job_name: tickcast",
          "    static_configs:",
          "      - targets: ['" + target + "']",
          ""));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path log = dir.resolve("prometheus.log");
      Process p = new ProcessBuilder(binary.toString(),
          "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      Prometheus prometheus = new Prometheus(p, "http://127.0.0.1:" + port, log);
      LOG.info("started prometheus (pid {}) on {} scraping {}, log {}", p.pid(), prometheus.api, target, log);
      try {
        prometheus.awaitReady();
      } catch (RuntimeException | AssertionError e) {
        prometheus.close();
        throw e;
      }
      return prometheus;
    }

    private void awaitReady() throws IOException {
      long deadline = System.nanoTime() + PROMETHEUS_READY.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          fail("prometheus exited with %d:%n%s", process.exitValue(), Files.readString(log));
        }
        try {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/-/ready"))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          LOG.debug("prometheus not listening yet: {}", e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for prometheus", e);
        }
        sleep(200);
      }
      fail("prometheus was not ready within %s:%n%s", PROMETHEUS_READY, Files.readString(log));
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void awaitQuery(String api, String promql, Predicate<JsonNode> done, String what) {
    long deadline = System.nanoTime() + PROMETHEUS_READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.test(query(api, promql))) {
        return;
      }
      sleep(500);
    }
    fail("prometheus did not see %s within %s (%s)", what, PROMETHEUS_READY, promql);
  }

  /** Waits until each alert rule has been evaluated, and fails on an evaluation error. */
  private static void awaitRulesEvaluated(String api) {
    long deadline = System.nanoTime() + PROMETHEUS_READY.toNanos();
    List<String> pending = List.of();
    while (System.nanoTime() < deadline) {
      JsonNode groups = get(api + "/api/v1/rules").path("data").path("groups");
      List<String> errors = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      int rules = 0;
      for (JsonNode g : groups) {
        for (JsonNode r : g.path("rules")) {
          rules++;
          switch (r.path("health").asText()) {
            case "ok" -> { }
            case "err" -> errors.add(r.path("name").asText() + ": " + r.path("lastError").asText());
            default -> unknown.add(r.path("name").asText());
          }
        }
      }
      assertThat(errors).as("alert rules failing on real data").isEmpty();
      if (rules > 0 && unknown.isEmpty()) {
        return;
      }
      pending = unknown;
      sleep(500);
    }
    fail("alert rules not evaluated within %s: %s", PROMETHEUS_READY, pending);
  }

  /** The instant-query result (vector) of {@code promql}; fails on a query error. */
  private static JsonNode query(String api, String promql) {
    JsonNode body = get(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(body.path("status").asText())) {
      return fail("query failed: %s%n%s", promql, body);
    }
    JsonNode result = body.path("data").path("result");
    return "vector".equals(body.path("data").path("resultType").asText()) ? result : fail(
        "query did not return an instant vector: %s%n%s", promql, body);
  }

  private static JsonNode get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return DashboardFiles.JSON.readTree(r.body());
    } catch (IOException e) {
      return fail("GET %s failed: %s", url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted: GET %s", url);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long seconds(long startNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }
}
