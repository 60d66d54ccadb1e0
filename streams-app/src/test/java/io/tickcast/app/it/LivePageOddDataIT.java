package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickcast.app.http.HttpEndpoint;
import io.tickcast.app.http.LivePage;
import io.tickcast.app.it.support.Chromium;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page (served by the production {@link LivePage}) in a real headless Chromium against a
 * stub API whose first symbol's history cannot be drawn: that symbol shows an error line and one
 * console error, the other symbols keep being drawn at every refresh, including symbols named like
 * members of a JavaScript object ({@code constructor}, {@code __proto__}). No broker: the stub serves
 * {@code /api/symbols} and {@code /api/history/*}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LivePageOddDataIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ODD = "ODD";
  private static final String GOOD = "GOOD";
  /** Symbols with good data whose names a plain JavaScript object already "has" (listed between ODD and GOOD). */
  private static final List<String> OBJECT_NAMED = List.of("constructor", "__proto__");
  /** A symbol whose history answers 500 (a corrupt stored state): an error, not "waiting". */
  private static final String BROKEN = "BROKEN";
  /** A symbol whose history answers 503 once (its owner moved), then is drawn: no error, no console line. */
  private static final String MOVED = "MOVED";
  /** A symbol listed by the first /api/symbols only (e.g. its stored state became unreadable): marked, charts kept. */
  private static final String GONE = "GONE";
  /** Points in GOOD's first history; each later request gets one more. */
  private static final int FIRST_POINTS = 10;

  @TempDir Path tmp;

  private final AtomicInteger goodRequests = new AtomicInteger();
  private final AtomicInteger oddRequests = new AtomicInteger();
  private final AtomicInteger brokenRequests = new AtomicInteger();
  private final AtomicInteger movedRequests = new AtomicInteger();
  private final AtomicInteger symbolsRequests = new AtomicInteger();

  @Test
  void shouldKeepDrawingOtherSymbolsWhenOneSymbolsDataCannotBeDrawn() throws Exception {
    // Given the page and an API listing ODD first, whose history holds a null point
    try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> KafkaStreams.State.RUNNING)) {
      LivePage.install(http);
      http.route("/api/", this::api);

      // When Chromium loads it and lets it refresh for 8 s of virtual time (≥ 2 refreshes)
      Chromium.Result dom = Chromium.run(List.of("--dump-dom", "http://127.0.0.1:" + http.port() + "/"),
          tmp.resolve("chrome"));

      // Then GOOD is drawn from its newest history, ODD is marked, and the console says why once
      assertThat(dom.exit()).as(dom.stderr()).isZero();
      assertThat(goodRequests.get()).as("refreshes that fetched GOOD").isGreaterThanOrEqualTo(2);
      String statsText = dom.renderStats();
      assertThat(statsText).as("render stats in the DOM:\n%s", dom.stdout()).isNotBlank();
      JsonNode stats = JSON.readTree(statsText);
      int newest = FIRST_POINTS + goodRequests.get() - 1;
      for (String chart : List.of("price", "skill", "training")) {
        JsonNode c = stats.path(GOOD).path(chart);
        assertThat(c.path("points").get(0).asInt()).as("GOOD %s points", chart).isEqualTo(newest);
        assertThat(c.path("ink").asInt()).as("GOOD %s painted pixels", chart).isGreaterThan(200);
      }
      assertThat(stats.path(GOOD).path("failures").asInt()).isZero();
      for (String name : OBJECT_NAMED) {
        JsonNode s = stats.path(name);
        assertThat(s.path("price").path("points").path(0).asInt()).as("%s price points", name).isEqualTo(FIRST_POINTS);
        assertThat(s.path("price").path("ink").asInt()).as("%s painted pixels", name).isGreaterThan(200);
        assertThat(s.path("failures").asInt()).as("%s failures", name).isZero();
      }
      assertThat(stats.path(ODD).path("failures").asInt()).as("ODD's failed refreshes")
          .isEqualTo(oddRequests.get());
      assertThat(stats.path(ODD).path("error").asText()).startsWith("cannot draw ODD: ");
      assertThat(dom.stdout()).contains("class=\"symbol failed\"").contains("cannot draw ODD: ");
      // A 500 is counted and shown with the API's words (it was a quiet "waiting" before)
      assertThat(stats.path(BROKEN).path("failures").asInt()).as("BROKEN's failed refreshes")
          .isEqualTo(brokenRequests.get()).isPositive();
      assertThat(stats.path(BROKEN).path("error").asText())
          .isEqualTo("cannot draw BROKEN: /api/history/BROKEN: HTTP 500 (corrupt state)");
      // A 503 is waited out quietly, and the symbol is drawn once it answers
      assertThat(movedRequests.get()).as("refreshes that fetched MOVED").isGreaterThanOrEqualTo(2);
      assertThat(stats.path(MOVED).path("failures").asInt()).isZero();
      assertThat(stats.path(MOVED).path("error").isNull()).as("MOVED's error: %s", stats.path(MOVED)).isTrue();
      assertThat(stats.path(MOVED).path("price").path("points").path(0).asInt()).isEqualTo(FIRST_POINTS);
      // A symbol no longer listed keeps its last charts under a marker (they froze unmarked before)
      assertThat(symbolsRequests.get()).as("refreshes of /api/symbols").isGreaterThanOrEqualTo(2);
      assertThat(stats.path(GONE).path("error").asText()).startsWith("not listed since ");
      assertThat(stats.path(GONE).path("price").path("points").path(0).asInt()).isEqualTo(FIRST_POINTS);
      assertThat(dom.stdout()).contains("no longer listed");
      assertThat(dom.console()).as("console messages of the page").hasSize(2)
          .anySatisfy(line -> assertThat(line).contains("cannot draw ODD"))
          .anySatisfy(line -> assertThat(line).contains("cannot draw BROKEN"));
    }
  }

  private void api(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body;
    if (path.equals("/api/symbols")) {
      ArrayNode list = JSON.createArrayNode();
      list.add(summary(ODD));
      OBJECT_NAMED.forEach(name -> list.add(summary(name)));
      list.add(summary(BROKEN));
      list.add(summary(MOVED));
      list.add(summary(GOOD));
      if (symbolsRequests.getAndIncrement() == 0) {
        list.add(summary(GONE));
      }
      body = list.toString();
    } else if (path.equals("/api/history/" + ODD)) {
      oddRequests.incrementAndGet();
      ArrayNode points = history(3);
      points.addNull();   // a point the page cannot read
      body = points.toString();
    } else if (path.equals("/api/history/" + BROKEN)) {
      brokenRequests.incrementAndGet();
      send(ex, 500, "{\"status\":500,\"error\":\"corrupt state\"}");
      return;
    } else if (path.equals("/api/history/" + MOVED)) {
      if (movedRequests.getAndIncrement() == 0) {
        send(ex, 503, "{\"status\":503,\"error\":\"rebalancing\"}");
        return;
      }
      body = history(FIRST_POINTS).toString();
    } else if (path.equals("/api/history/" + GONE)
        || OBJECT_NAMED.stream().anyMatch(name -> path.equals("/api/history/" + name))) {
      body = history(FIRST_POINTS).toString();
    } else if (path.equals("/api/history/" + GOOD)) {
      body = history(FIRST_POINTS + goodRequests.getAndIncrement()).toString();
    } else {
      send(ex, 404, "{\"status\":404,\"error\":\"unknown\"}");
      return;
    }
    send(ex, 200, body);
  }

  private static ObjectNode summary(String symbol) {
    return JSON.createObjectNode().put("symbol", symbol).put("modelVersion", 3).put("barsSeen", 40)
        .put("skill", 0.01).put("scored", 20).put("source", "model").put("lastBarEnd", 1_385_337_660_000L);
  }

  /** {@code n} one-minute points of a gently rising price with a band around the forecast. */
  private static ArrayNode history(int n) {
    ArrayNode points = JSON.createArrayNode();
    for (int i = 0; i < n; i++) {
      double price = 800 + i;
      points.addObject().put("t", 1_385_337_660_000L + i * 60_000L).put("lastPrice", price)
          .put("forecastPrice", price + 0.5).put("modelPrice", price + 0.3).put("lower", price - 2)
          .put("upper", price + 3).put("source", "model").put("skill", 0.01 * (i % 5))
          .put("skillEwma", 0.02).put("lastLoss", 0.4 - 0.01 * i).put("noiseScale", 50 + i)
          .put("batchSize", 16).put("drifts", i / 4).put("modelVersion", i);
    }
    return points;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
