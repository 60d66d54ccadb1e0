package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.ChildInstance;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TickFeed;
import io.tickcast.app.it.support.TickScript;
import io.tickcast.app.it.support.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only REST API on two instances of one application (one in a child JVM): each answers
 * for every symbol, owned or not, with the latest forecast of the {@code forecasts} topic
 * (read_committed); an unknown symbol is a 404 with a JSON error; while a third instance joins
 * and leaves (two rebalances) every answer is 200 or 503, never a 500.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RestApiIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(RestApiIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 4;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Answer(int status, String body) {}

  @Test
  void everyInstanceAnswersForEverySymbolFromTheStores() throws Exception {
    String id = PipelineConfig.uniqueId("rest");
    List<String> symbols = TickScript.symbolsOnDistinctPartitions("SYM", PARTITIONS, PARTITIONS);
    AppConfig config = PipelineConfig.config(props(id, "b"));
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    TickScript script = new TickScript(config.topics().ticks(), symbols, 30, 3, 5);
    int expected = symbols.size() * script.expectedForecastBarEnds(PipelineConfig.SEQ).size();

    try (ChildInstance a = ChildInstance.start(PipelineConfig.write(props(id, "a"), tmp.resolve(id + "-a.properties")),
            Path.of("target", "it-logs", id + "-child-a.log"), List.of("-Xmx1g"));
        TickcastService b = TickcastService.start(config, broker.bootstrapServers())) {
      a.awaitState("RUNNING", Duration.ofSeconds(120));
      awaitRunning(b.streams());
      try (ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(), config.topics().forecasts());
          TickFeed feed = TickFeed.start(broker.bootstrapServers(), script, 100, Map.of())) {
        feed.awaitDone(Duration.ofSeconds(60));
        assertThat(collector.await(seen -> seen.size() >= expected, Duration.ofSeconds(150)))
            .as("all %d forecasts published", expected).isTrue();
      }
      Map<String, JsonNode> latest = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> r : TopicReader.readToEnd(broker.bootstrapServers(),
          config.topics().forecasts())) {
        latest.put(new String(r.key(), StandardCharsets.UTF_8), JSON.readTree(r.value()));
      }
      assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(symbols);
      List<Integer> ports = List.of(a.httpPort(), b.httpPort());

      for (int port : ports) {
        for (String symbol : symbols) {
          Answer got = awaitOk(port, "/api/forecasts/" + symbol);
          assertThat(JSON.readTree(got.body())).as("forecast of %s from :%d", symbol, port)
              .isEqualTo(latest.get(symbol));
          JsonNode model = JSON.readTree(awaitOk(port, "/api/models/" + symbol).body());
          assertThat(model.path("updates").asLong()).isEqualTo(latest.get(symbol).path("modelVersion").asLong());
          assertThat(model.path("hyperParameters").path("seqLength").asInt()).isEqualTo(PipelineConfig.SEQ);
        }
        JsonNode list = JSON.readTree(awaitOk(port, "/api/symbols").body());
        assertThat(list.findValuesAsText("symbol")).containsExactlyElementsOf(symbols);
        Answer unknown = get(port, "/api/forecasts/NO-SUCH-SYMBOL");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).contains("NO-SUCH-SYMBOL");
        assertThat(get(port, "/api/models/NO-SUCH-SYMBOL").status()).isEqualTo(404);
      }
      assertThat(a.errorLines()).isEmpty();

      // While a third instance joins and leaves: 200 or 503, never anything else.
      Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
      AtomicBoolean polling = new AtomicBoolean(true);
      Thread poller = new Thread(() -> {
        while (polling.get()) {
          for (int port : ports) {
            for (String symbol : symbols) {
              statuses.merge(get(port, "/api/forecasts/" + symbol).status(), 1, Integer::sum);
            }
            statuses.merge(get(port, "/api/symbols").status(), 1, Integer::sum);
          }
        }
      }, "rest-poller");
      poller.start();
      try (TickcastService c = TickcastService.start(PipelineConfig.config(props(id, "c")), broker.bootstrapServers())) {
        awaitRunning(c.streams());
        Thread.sleep(3_000);
      }
      Thread.sleep(3_000);
      polling.set(false);
      poller.join(30_000);
      LOG.info("answers by status during the rebalances: {}", statuses);
      assertThat(statuses.keySet()).isSubsetOf(200, 503).contains(200);
    }
  }

  private Map<String, String> props(String id, String name) {
    Map<String, String> p = new HashMap<>(PipelineConfig.props(id, tmp.resolve(id + "-state-" + name), PARTITIONS));
    p.put("bootstrap.servers", broker.bootstrapServers());
    return p;
  }

  private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (streams.state() != KafkaStreams.State.RUNNING) {
      assertThat(System.currentTimeMillis()).as("RUNNING within 120 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** Retries 503 (a rebalance settling) for up to 60 s; returns the first other answer. */
  private static Answer awaitOk(int port, String path) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    Answer last = get(port, path);
    while (last.status() == 503 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      last = get(port, path);
    }
    assertThat(last.status()).as("GET :%d%s -> %s", port, path, last.body()).isEqualTo(200);
    return last;
  }

  private static Answer get(int port, String path) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-2, "interrupted");
    }
  }
}
