package io.tickcast.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /health} (200 while Kafka Streams
 * is RUNNING or REBALANCING, 503 otherwise, with the state in the body), plus the routes added
 * with {@link #route} (the REST API, the live page). Served by the JDK's HTTP server on a few
 * daemon threads (a request forwarded to another instance must not block the others);
 * thread-safe.
 */
public final class HttpEndpoint implements AutoCloseable {

  private static final int THREADS = 4;
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code bindAddress}:{@code port} (0 picks a free port).
   *
   * @param state current Kafka Streams state, or null before Streams exists
   */
  public static HttpEndpoint start(String bindAddress, int port, PrometheusMeterRegistry registry,
      Supplier<KafkaStreams.State> state) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for HTTP on " + bindAddress + ":" + port
          + " (set metrics.port, or 0 for any free port, and http.bind.address)", e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "tickcast-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> {
      if (!"GET".equals(ex.getRequestMethod())) {
        respond(ex, 405, "text/plain", "GET only\n");
        return;
      }
      respond(ex, 200, PROMETHEUS_TEXT, registry.scrape());
    });
    server.createContext("/health", ex -> {
      KafkaStreams.State s = state == null ? null : state.get();
      boolean up = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
      respond(ex, up ? 200 : 503, "application/json",
          "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"streams\":\"" + s + "\"}\n");
    });
    server.start();
    return new HttpEndpoint(server, executor);
  }

  /** Serves {@code path} (and everything below it) with {@code handler}. */
  public void route(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
