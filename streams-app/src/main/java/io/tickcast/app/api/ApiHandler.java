package io.tickcast.app.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tickcast.app.serde.JsonCodecs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only REST API under {@code /api}. Any instance answers for any symbol: it finds the
 * owner with {@link KafkaStreams#queryMetadataForKey} and answers from its own stores or forwards
 * the request to the owner's {@code application.server}. While the stores migrate (rebalance,
 * owner unreachable) it answers {@code 503} with {@code Retry-After}; an unknown symbol is {@code
 * 404}. Every body is JSON. Thread-safe.
 */
public final class ApiHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  /** Marks a forwarded request: its receiver answers locally or 503, never forwards again. */
  static final String FORWARDED = "X-Tickcast-Forwarded";
  private static final String RETRY_AFTER_SECONDS = "1";
  /** How long an instance reuses its local symbol summaries (see {@link RecentValue}). */
  static final Duration SUMMARIES_TTL = Duration.ofSeconds(1);

  private final KafkaStreams streams;
  private final SymbolStateView view;
  private final SymbolHistory history;
  private final HostInfo self;
  private final RecentValue<List<ApiViews.SymbolSummary>> localSummaries;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ApiHandler(KafkaStreams streams, SymbolStateView view, SymbolHistory history, HostInfo self) {
    this.streams = streams;
    this.view = view;
    this.history = history;
    this.self = self;
    this.localSummaries = new RecentValue<>(() -> List.copyOf(view.localSummaries()),
        SUMMARIES_TTL.toNanos(), System::nanoTime);
  }

  /** A response: status and JSON body. */
  private record Reply(int status, byte[] body) {
    static Reply json(Object value) {
      return new Reply(200, ApiJson.write(value));
    }

    static Reply error(int status, String message) {
      return new Reply(status, ApiJson.write(new ApiViews.Error(status, message)));
    }
  }

  /** Answers every request with 503 + Retry-After: the API before Kafka Streams exists. */
  public static HttpHandler starting() {
    return ex -> send(ex, Reply.error(503, "starting; retry shortly"));
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    Reply reply;
    try {
      reply = route(ex);
    } catch (InvalidStateStoreException e) {
      reply = Reply.error(503, "state stores are migrating (rebalance); retry shortly");
    } catch (StateInFluxException e) {
      LOG.debug("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.getMessage());
      reply = Reply.error(503, e.getMessage() + "; retry shortly");
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      reply = Reply.error(500, "internal error: " + e.getClass().getSimpleName());
    }
    send(ex, reply);
  }

  private static void send(HttpExchange ex, Reply reply) throws IOException {
    if (reply.status() == 503) {
      ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(reply.status(), reply.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(reply.body());
    }
  }

  private Reply route(HttpExchange ex) {
    if (!"GET".equals(ex.getRequestMethod())) {
      return Reply.error(405, "the API is read-only: GET only");
    }
    String path = ex.getRequestURI().getRawPath();
    boolean forwarded = ex.getRequestHeaders().containsKey(FORWARDED);
    if (path.equals("/api/symbols")) {
      return symbols(forwarded);
    }
    String[] parts = path.split("/");
    if (parts.length == 4 && !parts[3].isEmpty()) {
      String symbol = symbolOf(parts[3]);
      switch (parts[2]) {
        case "forecasts":
          return perSymbol(symbol, path, forwarded, (v, s) -> v.latestForecast(s).map(
              f -> new Reply(200, JsonCodecs.forecastToJson(f))).or(() -> v.summary(s).map(
                  x -> Reply.error(404, "no forecast for '" + s + "' yet"))));
        case "models":
          return perSymbol(symbol, path, forwarded, (v, s) -> v.model(s).map(Reply::json));
        case "history":
          return perSymbol(symbol, path, forwarded, (v, s) -> v.summary(s).map(x -> Reply.json(history.points(s))));
        default:
          break;
      }
    }
    return Reply.error(404, "no such endpoint: " + path
        + " (GET /api/symbols, /api/forecasts/{symbol}, /api/models/{symbol}, /api/history/{symbol})");
  }

  /**
   * The symbol of a raw path segment: percent-decoded as a URI path ({@code %2F} is {@code /}), and
   * a {@code +} stays a plus (URLDecoder alone reads it as a space, the form-encoding rule).
   */
  static String symbolOf(String rawSegment) {
    return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private Reply perSymbol(String symbol, String path, boolean forwarded,
      BiFunction<SymbolStateView, String, Optional<Reply>> local) {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Reply.error(503, "Kafka Streams is " + streams.state() + "; retry shortly");
    }
    KeyQueryMetadata md = streams.queryMetadataForKey(SymbolStateView.routingStore(), symbol,
        Serdes.String().serializer());
    if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return Reply.error(503, "owner of '" + symbol + "' not known yet; retry shortly");
    }
    if (md.activeHost().equals(self)) {
      // Bound to the symbol's partition: a task still restoring is a 503, not a false 404.
      return local.apply(view.onPartition(md.partition()), symbol).orElseGet(() -> Reply.error(404, "unknown symbol '" + symbol + "'"));
    }
    if (forwarded) {
      return Reply.error(503, "'" + symbol + "' is moving between instances; retry shortly");
    }
    return forward(md.activeHost(), path);
  }

  private Reply symbols(boolean forwarded) {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Reply.error(503, "Kafka Streams is " + streams.state() + "; retry shortly");
    }
    List<ApiViews.SymbolSummary> all = new ArrayList<>(localSummaries.get());
    if (!forwarded) {
      for (StreamsMetadata m : streams.streamsMetadataForStore(SymbolStateView.routingStore())) {
        if (m.hostInfo().equals(self)) {
          continue;
        }
        Reply r = forward(m.hostInfo(), "/api/symbols");
        if (r.status() != 200) {
          return r;
        }
        try {
          all.addAll(ApiJson.MAPPER.readValue(r.body(), new TypeReference<List<ApiViews.SymbolSummary>>() {}));
        } catch (IOException e) {
          return Reply.error(503, "bad answer from " + m.hostInfo() + "; retry shortly");
        }
      }
    }
    return Reply.json(merged(all));
  }

  /**
   * The summaries of all instances, one per symbol, sorted by symbol. For up to {@link
   * #SUMMARIES_TTL} after a rebalance an instance's cached summaries still list a symbol that moved,
   * which its new owner lists too: the entry with the newest bar end (then the most bars seen) wins.
   */
  static List<ApiViews.SymbolSummary> merged(List<ApiViews.SymbolSummary> all) {
    Map<String, ApiViews.SymbolSummary> bySymbol = new TreeMap<>();
    Comparator<ApiViews.SymbolSummary> newer = Comparator.comparingLong(ApiViews.SymbolSummary::lastBarEnd)
        .thenComparingLong(ApiViews.SymbolSummary::barsSeen);
    for (ApiViews.SymbolSummary s : all) {
      bySymbol.merge(s.symbol(), s, (a, b) -> newer.compare(b, a) > 0 ? b : a);
    }
    return new ArrayList<>(bySymbol.values());
  }

  private Reply forward(HostInfo owner, String path) {
    URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + path);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, "1").GET().build();
    try {
      HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      return Reply.error(503, "owner " + owner + " unreachable (" + e.getClass().getSimpleName() + "); retry shortly");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.error(503, "interrupted while asking " + owner);
    }
  }
}
