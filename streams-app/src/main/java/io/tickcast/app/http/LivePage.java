package io.tickcast.app.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The live page at {@code /} (for the demo and quick looks; Grafana stays the production
 * dashboard): {@code static/live.html} and {@code live.js} from the jar, and uPlot from its Maven
 * Central webjar under {@code /webjars/}. Nothing comes from a CDN, so it works offline. The page
 * polls the REST API every few seconds.
 */
public final class LivePage {

  /** Where the uPlot webjar keeps its files (the path holds the version the pom pins). */
  static final String UPLOT = "/META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";

  private static final Map<String, String> FILES = Map.of(
      "/", "/static/live.html",
      "/live.js", "/static/live.js",
      "/webjars/uplot/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
      "/webjars/uplot/uPlot.min.css", UPLOT + "uPlot.min.css");

  private LivePage() {}

  private static String webjarVersion(String name) {
    Properties p = new Properties();
    try (InputStream in = LivePage.class.getResourceAsStream(
        "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + name + " webjar", e);
    }
    return p.getProperty("version", "missing");
  }

  /** Adds the page's routes to {@code http}. */
  public static void install(HttpEndpoint http) {
    http.route("/", LivePage::serve);
  }

  private static void serve(HttpExchange ex) throws IOException {
    String resource = FILES.get(ex.getRequestURI().getPath());
    if (!"GET".equals(ex.getRequestMethod()) || resource == null) {
      send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] body;
    try (InputStream in = LivePage.class.getResourceAsStream(resource)) {
      if (in == null) {
        send(ex, 500, "text/plain; charset=utf-8", ("missing resource " + resource + "\n")
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      body = in.readAllBytes();
    }
    send(ex, 200, type(resource), body);
  }

  private static String type(String resource) {
    if (resource.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    return resource.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
