package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TickFeed;
import io.tickcast.app.it.support.TickScript;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live page in a real headless Chromium (Debian package {@code chromium}; {@code .ci/run}
 * installs it; {@code -Dtickcast.chromium=PATH} names another binary) against a running pipeline
 * with data: the page loads without console messages (it logs nothing itself, so any message is an
 * error or a warning), its charts hold points and paint pixels, and a screenshot is saved to
 * {@code target/live-page.png}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LivePageIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(LivePageIT.class);
  private static final Pattern STATS = Pattern.compile("<pre id=\"render-stats\"[^>]*>([^<]*)</pre>");

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
      Matcher m = STATS.matcher(dom.stdout());
      assertThat(m.find()).as("render stats in the DOM:\n%s", dom.stdout()).isTrue();
      JsonNode stats = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
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

  /** Headless Chromium, one run per call, each with a fresh profile and the network kept quiet. */
  static final class Chromium {

    record Result(int exit, String stdout, String stderr, List<String> console) {}

    static Result run(List<String> args, Path profile) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(System.getProperty("tickcast.chromium", "chromium"),
          "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000"));
      cmd.addAll(args);
      Path out = Files.createTempFile("chromium", ".out");
      Path err = Files.createTempFile("chromium", ".err");
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      } catch (IOException e) {
        throw new IOException("cannot run chromium (Debian: apt-get install chromium; .ci/run installs it)", e);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish within 120 s: " + cmd);
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr, console);
    }
  }
}
