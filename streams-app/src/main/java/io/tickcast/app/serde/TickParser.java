package io.tickcast.app.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tickcast.model.domain.Tick;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Parses and validates the JSON value of a record of the {@code ticks} topic.
 *
 * <p>Accepted: {@code {"symbol":"BTCUSD","ts":<epoch ms or ISO-8601>,"price":812.5,"size":0.27}}
 * plus an optional trade {@code "id"}, a non-empty string or an integer (kept as its decimal text,
 * so {@code 42} and {@code "42"} are the same trade).
 * Every rejection carries a {@link RejectReason} (the machine-readable dead-letter header) and a
 * human-readable detail. The limits are passed in, so the parser itself is stateless and
 * thread-safe.
 */
public final class TickParser {

  /**
   * Largest price and size accepted, and 1 / it the smallest positive price. No market comes near
   * them; they keep a bar's sums of sizes and of price × size finite (two sizes of 1e308 made the
   * volume infinite, the bar unbuildable, and every later tick of the partition a processing
   * error), and the log price ratios of the features finite (1e9 after 1e-300 overflows).
   */
  public static final double MAX_MAGNITUDE = 1e30;

  /** True if {@code price} (positive) and {@code size} (non-negative) are within {@link #MAX_MAGNITUDE}. */
  public static boolean inRange(double price, double size) {
    return priceInRange(price) && size <= MAX_MAGNITUDE;
  }

  /** Whether a price is within [1e-30, 1e30]. */
  public static boolean priceInRange(double price) {
    return price <= MAX_MAGNITUDE && price >= 1 / MAX_MAGNITUDE;
  }

  private final Limits limits;

  /** Validation limits; times are event time in epoch ms. */
  public record Limits(int maxRecordBytes, int maxSymbolLength, long maxFutureSkewMs) {

    public Limits {
      if (maxRecordBytes < 64 || maxSymbolLength < 1 || maxFutureSkewMs < 0) {
        throw new IllegalArgumentException("invalid tick limits " + maxRecordBytes + "/"
            + maxSymbolLength + "/" + maxFutureSkewMs);
      }
    }

    /**
     * 4 KiB per record, 32-character symbols, five minutes of clock skew into the future (the
     * defaults of {@code tick.*}). Not more: a tick accepted ahead moves its partition's stream
     * time, and every later tick older than it by more than bar + grace is then late.
     */
    public static Limits defaults() {
      return new Limits(4096, 32, Duration.ofMinutes(5).toMillis());
    }
  }

  /** Outcome of parsing one record: either a tick or a reason with detail. */
  public record Result(Tick tick, RejectReason reason, String detail) {

    static Result ok(Tick tick) {
      return new Result(tick, null, null);
    }

    static Result reject(RejectReason reason, String detail) {
      return new Result(null, reason, detail);
    }

    public boolean isValid() {
      return tick != null;
    }
  }

  public TickParser(Limits limits) {
    this.limits = limits;
  }

  /**
   * Parses one record.
   *
   * @param key the record key (must equal the symbol, since ticks are partitioned by symbol)
   * @param value the raw value bytes, untouched
   * @param nowMs wall-clock now, only used to reject timestamps implausibly far in the future
   */
  public Result parse(String key, byte[] value, long nowMs) {
    return parse(key, true, value, nowMs);
  }

  /**
   * Parses a tick value without the key check, for bytes tickcast wrote itself (the serde's
   * round trip); all value checks still apply.
   */
  public Result parseValue(byte[] value, long nowMs) {
    return parse(null, false, value, nowMs);
  }

  private Result parse(String key, boolean checkKey, byte[] value, long nowMs) {
    if (value == null || value.length == 0) {
      return Result.reject(RejectReason.EMPTY_VALUE, "record value is empty");
    }
    if (value.length > limits.maxRecordBytes()) {
      return Result.reject(RejectReason.OVERSIZED,
          "record value is " + value.length + " bytes, limit " + limits.maxRecordBytes());
    }
    // A repeated field keeps its last value. The usual flat tick is scanned without Jackson;
    // anything else (escapes, non-ASCII, nesting, big numbers, malformed input) goes to Jackson,
    // token by token (no JsonNode, no databind context per field). The scanner accepts ASCII
    // only, so what it accepts is UTF-8; the UTF-8 check is needed only for the rest.
    TickField symbolF = new TickField();
    TickField tsF = new TickField();
    TickField priceF = new TickField();
    TickField sizeF = new TickField();
    TickField idF = new TickField();
    if (!FlatTickScanner.scan(value, key, symbolF, tsF, priceF, sizeF, idF)) {
      if (!isUtf8(value)) {
        return Result.reject(RejectReason.MALFORMED_JSON, "value is not UTF-8 text");
      }
      Result r = parseWithJackson(value, symbolF, tsF, priceF, sizeF, idF);
      if (r != null) {
        return r;
      }
    }
    return validate(key, checkKey, nowMs, symbolF, tsF, priceF, sizeF, idF);
  }

  /** Reads the fields with Jackson's streaming parser; a reject for malformed JSON, else null. */
  private static Result parseWithJackson(byte[] value, TickField symbolF, TickField tsF,
      TickField priceF, TickField sizeF, TickField idF) {
    symbolF.clear();
    tsF.clear();
    priceF.clear();
    sizeF.clear();
    idF.clear();
    try (JsonParser p = Json.MAPPER.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Result.reject(RejectReason.MALFORMED_JSON, "value is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "symbol" -> symbolF.read(p);
          case "ts" -> tsF.read(p);
          case "price" -> priceF.read(p);
          case "size" -> sizeF.read(p);
          case "id" -> idF.read(p);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return Result.reject(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      return Result.reject(RejectReason.MALFORMED_JSON, firstLine(e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      return Result.reject(RejectReason.MALFORMED_JSON, "unreadable JSON: " + e.getMessage());
    }
    return null;
  }

  private Result validate(String key, boolean checkKey, long nowMs, TickField symbolF,
      TickField tsF, TickField priceF, TickField sizeF, TickField idF) {
    String[] names = {"symbol", "ts", "price", "size"};
    TickField[] required = {symbolF, tsF, priceF, sizeF};
    for (int k = 0; k < names.length; k++) {
      if (required[k].absent()) {
        return Result.reject(RejectReason.MISSING_FIELD, "missing field '" + names[k] + "'");
      }
    }
    if (!symbolF.isText()) {
      return Result.reject(RejectReason.WRONG_TYPE, "'symbol' must be a string");
    }
    String symbol = symbolF.text;
    if (symbol.isBlank()) {
      return Result.reject(RejectReason.MISSING_FIELD, "'symbol' is blank");
    }
    SymbolRules.Problem symbolProblem = SymbolRules.check(symbol, limits.maxSymbolLength());
    if (symbolProblem != null) {
      return Result.reject(symbolProblem.reason(), symbolProblem.detail());
    }
    if (checkKey && !symbol.equals(key)) {
      return Result.reject(RejectReason.KEY_MISMATCH,
          "record key '" + abbreviate(key) + "' differs from symbol '" + symbol + "'");
    }
    if (!priceF.isNumber()) {
      return Result.reject(RejectReason.WRONG_TYPE, "'price' must be a number");
    }
    if (!sizeF.isNumber()) {
      return Result.reject(RejectReason.WRONG_TYPE, "'size' must be a number");
    }
    double price = priceF.number;
    double size = sizeF.number;
    if (!Double.isFinite(price) || !Double.isFinite(size)) {
      return Result.reject(RejectReason.NON_FINITE, "price=" + price + " size=" + size);
    }
    if (price <= 0) {
      return Result.reject(RejectReason.NON_POSITIVE_PRICE, "price must be > 0, was " + price);
    }
    if (size < 0) {
      return Result.reject(RejectReason.NEGATIVE_SIZE, "size must be >= 0, was " + size);
    }
    if (!inRange(price, size)) {
      return Result.reject(RejectReason.VALUE_OUT_OF_RANGE, "price must be in [1e-30, 1e30] and size <= 1e30, "
          + "was price=" + price + " size=" + size);
    }
    long ts;
    if (tsF.isLong()) {
      ts = tsF.integer;
    } else if (tsF.isText()) {
      try {
        ts = parseIso(tsF.text);
      } catch (DateTimeException e) {
        return Result.reject(RejectReason.WRONG_TYPE, "'ts' is not ISO-8601: " + e.getMessage());
      }
    } else {
      return Result.reject(RejectReason.WRONG_TYPE,
          "'ts' must be epoch milliseconds (integer) or an ISO-8601 string");
    }
    if (ts < 0 || ts - limits.maxFutureSkewMs() > nowMs) { // not now + skew: a huge skew would overflow
      return Result.reject(RejectReason.TIMESTAMP_OUT_OF_RANGE,
          "ts " + ts + " is before 1970 or more than " + limits.maxFutureSkewMs()
              + " ms in the future");
    }
    String id = null;
    if (!idF.absent()) {
      if (idF.isText() && !idF.text.isEmpty()) {
        id = idF.text;
      } else if (idF.kind == JsonToken.VALUE_NUMBER_INT) {
        id = idF.isLong() ? Long.toString(idF.integer) : idF.text;
      } else {
        return Result.reject(RejectReason.WRONG_TYPE, "'id' must be a non-empty string or an integer");
      }
    }
    return Result.ok(new Tick(symbol, ts, price, size, id));
  }

  /** True if {@code value} is valid UTF-8; plain ASCII (the usual tick) is checked without decoding. */
  static boolean isUtf8(byte[] value) {
    for (byte b : value) {
      if (b < 0) {
        try {
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value));
          return true;
        } catch (CharacterCodingException e) {
          return false;
        }
      }
    }
    return true;
  }

  static long parseIso(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeException e) {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
