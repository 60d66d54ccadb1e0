package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.Chromium;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TickFeed;
import io.tickcast.app.it.support.TickScript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live page in a real headless Chromium ({@link Chromium}) against a running pipeline with
 * data: the page loads without console messages (it logs only data it cannot draw, so any message
 * is an error or a warning), its charts hold points and paint pixels, and a screenshot is saved to
 * {@code target/live-page.png}. Odd data for one symbol: {@link LivePageOddDataIT}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LivePageIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(LivePageIT.class);

  @Test
  void livePageRendersChartsWithDataAndNoConsoleErrors() throws Exception {
    String id = PipelineConfig.uniqueId("live");
    Map<String, String> props = new HashMap<>(PipelineConfig.props(id, tmp.resolve(id + "-state"), 2));
    props.put("bootstrap.servers", broker.bootstrapServers());
    AppConfig config = PipelineConfig.config(props);
    List<String> symbols = TickScript.symbolsOnDistinctPartitions("LIVE", 2, 2);
    TickScript script = new TickScript(config.topics().ticks(), symbols, 60, 3, 3);
    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers());
        ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(), config.topics().forecasts());
        TickFeed feed = TickFeed.start(broker.bootstrapServers(), script, 400, Map.of())) {
      feed.awaitDone(Duration.ofSeconds(90));
      int expected = symbols.size() * script.expectedForecastBarEnds(PipelineConfig.SEQ).size();
      assertThat(collector.await(seen -> seen.size() >= expected, Duration.ofSeconds(90))).isTrue();
      String base = "http://localhost:" + service.httpPort();
      awaitHistory(base + "/api/history/" + symbols.get(0), 4);

      Chromium.Result dom = Chromium.run(List.of("--dump-dom", base + "/"), tmp.resolve("chrome-dom"));
      assertThat(dom.exit()).as(dom.stderr()).isZero();
      assertThat(dom.console()).as("console messages of the page").isEmpty();
      String statsText = dom.renderStats();
      assertThat(statsText).as("render stats in the DOM:\n%s", dom.stdout()).isNotNull();
      JsonNode stats = new ObjectMapper().readTree(statsText);
      LOG.info("live page render stats: {}", stats);
      for (String symbol : symbols) {
        for (String chart : List.of("price", "skill", "training")) {
          JsonNode c = stats.path(symbol).path(chart);
          assertThat(c.path("ink").asInt()).as("%s %s painted pixels", symbol, chart).isGreaterThan(200);
          assertThat(c.path("points").get(0).asInt()).as("%s %s first series points", symbol, chart)
              .isGreaterThanOrEqualTo(4);
        }
        for (JsonNode n : stats.path(symbol).path("price").path("points")) {
          assertThat(n.asInt()).as("%s price series points", symbol).isGreaterThanOrEqualTo(4);
        }
      }

      Path shot = Path.of("target", "live-page.png").toAbsolutePath();
      Files.deleteIfExists(shot);
      Chromium.Result png = Chromium.run(List.of("--window-size=1280,1500", "--screenshot=" + shot, base + "/"),
          tmp.resolve("chrome-shot"));
      assertThat(png.exit()).as(png.stderr()).isZero();
      assertThat(shot).exists();
      assertThat(Files.size(shot)).isGreaterThan(20_000);
    }
  }

  private static void awaitHistory(String url, int points) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 60_000;
    int n = 0;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        n = new ObjectMapper().readTree(r.body()).size();
        if (n >= points) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("history of " + url + " has " + n + " points, wanted " + points);
  }
}
