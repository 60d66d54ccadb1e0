package io.tickcast.app.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tickcast.app.serde.TickParser.Limits;
import io.tickcast.app.serde.TickParser.Result;
import io.tickcast.model.domain.Tick;
import java.time.DateTimeException;

/**
 * The former tick parser (each field read as a Jackson {@code JsonNode}), kept as the reference
 * that {@link TickParser}'s token-level parse must agree with ({@code TickParserParityTest}).
 */
final class ReferenceTickParser {

  private static final ObjectReader FIELD = Json.MAPPER.readerFor(JsonNode.class)
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Limits limits;

  ReferenceTickParser(Limits limits) {
    this.limits = limits;
  }

  Result parse(String key, byte[] value, long nowMs) {
    return parse(key, true, value, nowMs);
  }

  private Result parse(String key, boolean checkKey, byte[] value, long nowMs) {
    if (value == null || value.length == 0) {
      return Result.reject(RejectReason.EMPTY_VALUE, "record value is empty");
    }
    if (value.length > limits.maxRecordBytes()) {
      return Result.reject(RejectReason.OVERSIZED,
          "record value is " + value.length + " bytes, limit " + limits.maxRecordBytes());
    }
    if (!TickParser.isUtf8(value)) {
      return Result.reject(RejectReason.MALFORMED_JSON, "value is not UTF-8 text");
    }
    // Streaming, not readTree: only the five known fields become nodes, the rest is skipped.
    JsonNode symbolNode = null;
    JsonNode tsNode = null;
    JsonNode priceNode = null;
    JsonNode sizeNode = null;
    JsonNode idNode = null;
    try (JsonParser p = Json.MAPPER.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Result.reject(RejectReason.MALFORMED_JSON, "value is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "symbol" -> symbolNode = FIELD.readValue(p);
          case "ts" -> tsNode = FIELD.readValue(p);
          case "price" -> priceNode = FIELD.readValue(p);
          case "size" -> sizeNode = FIELD.readValue(p);
          case "id" -> idNode = FIELD.readValue(p);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return Result.reject(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      return Result.reject(RejectReason.MALFORMED_JSON, TickParser.firstLine(e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      return Result.reject(RejectReason.MALFORMED_JSON, "unreadable JSON: " + e.getMessage());
    }
    String[] names = {"symbol", "ts", "price", "size"};
    JsonNode[] required = {symbolNode, tsNode, priceNode, sizeNode};
    for (int k = 0; k < names.length; k++) {
      if (required[k] == null || required[k].isNull()) {
        return Result.reject(RejectReason.MISSING_FIELD, "missing field '" + names[k] + "'");
      }
    }
    if (!symbolNode.isTextual()) {
      return Result.reject(RejectReason.WRONG_TYPE, "'symbol' must be a string");
    }
    String symbol = symbolNode.asText();
    if (symbol.isBlank()) {
      return Result.reject(RejectReason.MISSING_FIELD, "'symbol' is blank");
    }
    SymbolRules.Problem symbolProblem = SymbolRules.check(symbol, limits.maxSymbolLength());
    if (symbolProblem != null) {
      return Result.reject(symbolProblem.reason(), symbolProblem.detail());
    }
    if (checkKey && !symbol.equals(key)) {
      return Result.reject(RejectReason.KEY_MISMATCH,
          "record key '" + TickParser.abbreviate(key) + "' differs from symbol '" + symbol + "'");
    }
    if (!priceNode.isNumber()) {
      return Result.reject(RejectReason.WRONG_TYPE, "'price' must be a number");
    }
    if (!sizeNode.isNumber()) {
      return Result.reject(RejectReason.WRONG_TYPE, "'size' must be a number");
    }
    double price = priceNode.doubleValue();
    double size = sizeNode.doubleValue();
    if (!Double.isFinite(price) || !Double.isFinite(size)) {
      return Result.reject(RejectReason.NON_FINITE, "price=" + price + " size=" + size);
    }
    if (price <= 0) {
      return Result.reject(RejectReason.NON_POSITIVE_PRICE, "price must be > 0, was " + price);
    }
    if (size < 0) {
      return Result.reject(RejectReason.NEGATIVE_SIZE, "size must be >= 0, was " + size);
    }
    if (!TickParser.inRange(price, size)) {
      return Result.reject(RejectReason.VALUE_OUT_OF_RANGE, "price must be in [1e-30, 1e30] and size <= 1e30, "
          + "was price=" + price + " size=" + size);
    }
    long ts;
    if (tsNode.isIntegralNumber() && tsNode.canConvertToLong()) {
      ts = tsNode.longValue();
    } else if (tsNode.isTextual()) {
      try {
        ts = TickParser.parseIso(tsNode.asText());
      } catch (DateTimeException e) {
        return Result.reject(RejectReason.WRONG_TYPE, "'ts' is not ISO-8601: " + e.getMessage());
      }
    } else {
      return Result.reject(RejectReason.WRONG_TYPE,
          "'ts' must be epoch milliseconds (integer) or an ISO-8601 string");
    }
    if (ts < 0 || ts > nowMs + limits.maxFutureSkewMs()) {
      return Result.reject(RejectReason.TIMESTAMP_OUT_OF_RANGE,
          "ts " + ts + " is before 1970 or more than " + limits.maxFutureSkewMs()
              + " ms in the future");
    }
    String id = null;
    if (idNode != null && !idNode.isNull()) {
      if (idNode.isTextual() && !idNode.asText().isEmpty()) {
        id = idNode.asText();
      } else if (idNode.isIntegralNumber()) {
        id = idNode.bigIntegerValue().toString();
      } else {
        return Result.reject(RejectReason.WRONG_TYPE, "'id' must be a non-empty string or an integer");
      }
    }
    return Result.ok(new Tick(symbol, ts, price, size, id));
  }
}
