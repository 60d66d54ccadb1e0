package io.tickcast.app.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.domain.Tick;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JSON wire formats of the public topics ({@code ticks}, {@code bars}, {@code forecasts}).
 *
 * <p>Public topics carry plain JSON without a format-version byte so that any consumer (kcat, a
 * browser, another language) can read them; internal stores use versioned binary serdes instead.
 * Stateless and thread-safe.
 */
public final class JsonCodecs {

  private JsonCodecs() {}

  /** Tick to JSON, {@code ts} as epoch ms; {@code id} (a string) only when the tick has one. */
  public static byte[] tickToJson(Tick tick) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("symbol", tick.symbol());
    n.put("ts", tick.tsMs());
    n.put("price", tick.price());
    n.put("size", tick.size());
    if (tick.hasId()) {
      n.put("id", tick.id());
    }
    return write(n);
  }

  /** Bar to JSON; times are event time, epoch ms. */
  public static byte[] barToJson(Bar bar) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("symbol", bar.symbol());
    n.put("start", bar.startMs());
    n.put("end", bar.endMs());
    n.put("open", bar.open());
    n.put("high", bar.high());
    n.put("low", bar.low());
    n.put("close", bar.close());
    n.put("volume", bar.volume());
    n.put("vwap", bar.vwap());
    n.put("ticks", bar.ticks());
    if (bar.wallClockClosed()) {
      n.put("wallClockClosed", true);
    }
    return write(n);
  }

  /**
   * Parses a bar; {@code vwap} defaults to {@code close}, {@code ticks} to 0 and {@code
   * wallClockClosed} to false when absent, so users with plain OHLCV can write to {@code bars}
   * directly.
   *
   * @throws IllegalArgumentException with a readable reason on malformed or invalid input
   */
  public static Bar barFromJson(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("empty bar value");
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed bar JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("bar value is not a JSON object");
    }
    double close = number(n, "close");
    return new Bar(
        text(n, "symbol"),
        integer(n, "start"),
        integer(n, "end"),
        number(n, "open"),
        number(n, "high"),
        number(n, "low"),
        close,
        n.has("volume") ? number(n, "volume") : 0.0,
        n.has("vwap") ? number(n, "vwap") : close,
        n.has("ticks") ? integer(n, "ticks") : 0L,
        n.path("wallClockClosed").asBoolean(false));
  }

  /**
   * Forecast to JSON; {@code source} is {@code "model"}, {@code "linear"} or {@code "baseline"};
   * {@code weights} maps expert name to weight, {@code publishedSkill} is the published mean's
   * recent skill vs naive (both optional when parsed: earlier records lack them).
   */
  public static byte[] forecastToJson(Forecast f) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("symbol", f.symbol());
    n.put("barEnd", f.barEndMs());
    n.put("horizon", f.horizon());
    n.put("predictedReturn", f.predictedReturn());
    n.put("predictedPrice", f.predictedPrice());
    n.put("sigma", f.sigma());
    n.put("lastPrice", f.lastPrice());
    n.put("modelVersion", f.modelVersion());
    n.put("trainedExamples", f.trainedExamples());
    n.put("source", f.source().name().toLowerCase(Locale.ROOT));
    n.put("modelReturn", f.modelReturn());
    n.put("modelSigma", f.modelSigma());
    n.put("rolledBack", f.rolledBack());
    n.put("wallClockClosed", f.wallClockClosed());
    ObjectNode w = n.putObject("weights");
    f.weights().forEach(w::put);
    n.put("publishedSkill", f.publishedSkill());
    return write(n);
  }

  /** Parses a forecast written by {@link #forecastToJson}. */
  public static Forecast forecastFromJson(byte[] bytes) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed forecast JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("forecast value is not a JSON object");
    }
    return new Forecast(
        text(n, "symbol"),
        integer(n, "barEnd"),
        (int) integer(n, "horizon"),
        number(n, "predictedReturn"),
        number(n, "predictedPrice"),
        number(n, "sigma"),
        number(n, "lastPrice"),
        integer(n, "modelVersion"),
        integer(n, "trainedExamples"),
        Forecast.Source.valueOf(text(n, "source").toUpperCase(Locale.ROOT)),
        number(n, "modelReturn"),
        number(n, "modelSigma"),
        n.path("rolledBack").asBoolean(false),
        n.path("wallClockClosed").asBoolean(false),
        weights(n),
        n.has("publishedSkill") ? number(n, "publishedSkill") : 0.0);
  }

  /** The optional {@code weights} object (absent in records of earlier releases: empty). */
  private static Map<String, Double> weights(JsonNode n) {
    JsonNode w = n.get("weights");
    if (w == null || w.isNull()) {
      return Map.of();
    }
    if (!w.isObject()) {
      throw new IllegalArgumentException("forecast field 'weights' must be an object");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
        throw new IllegalArgumentException(
            "forecast weight '" + e.getKey() + "' must be a finite number");
      }
      out.put(e.getKey(), e.getValue().asDouble());
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' missing or not a string");
    }
    return v.asText();
  }

  private static double number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("field '" + field + "' missing or not a number");
    }
    return v.doubleValue();
  }

  private static long integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "' missing or not an integer");
    }
    return v.longValue();
  }

  private static byte[] write(JsonNode n) {
    try {
      return Json.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      // Only reachable with a broken mapper configuration: the tree holds plain values.
      throw new IllegalStateException("cannot serialise JSON tree", e);
    }
  }
}
