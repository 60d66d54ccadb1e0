package io.tickcast.app.serde;

import io.tickcast.model.bars.BarAccumulator;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.domain.Tick;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Factory of the app's serdes. Public topics are JSON ({@link JsonCodecs}); the windowed bar
 * aggregate store is binary with a leading format-version byte. Every deserializer maps {@code
 * null} to {@code null} and throws {@link SerializationException} on corrupt bytes, which the
 * configured deserialization exception handler counts and dead-letters.
 */
public final class AppSerdes {

  /** Format version of {@link #barAccumulator()} values. */
  static final byte ACCUMULATOR_V1 = 1;

  private static final int ACCUMULATOR_BYTES = 1 + 3 * Long.BYTES + 6 * Double.BYTES;

  private AppSerdes() {}

  /** Valid ticks as JSON, for the {@code ticks} topic (producers, the feeder, the grouped stream). */
  public static Serde<Tick> tick() {
    Serializer<Tick> ser = (topic, t) -> t == null ? null : JsonCodecs.tickToJson(t);
    TickParser parser = new TickParser(TickParser.Limits.defaults());
    Deserializer<Tick> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          // Bytes this serde wrote itself: the key check does not apply, the value checks do.
          TickParser.Result r = parser.parseValue(bytes, Long.MAX_VALUE / 2);
          if (!r.isValid()) {
            throw new SerializationException("invalid tick: " + r.reason().code() + ": " + r.detail());
          }
          return r.tick();
        };
    return Serdes.serdeFrom(ser, de);
  }

  /** Bars as JSON, for the {@code bars} topic. */
  public static Serde<Bar> bar() {
    Serializer<Bar> ser = (topic, b) -> b == null ? null : JsonCodecs.barToJson(b);
    Deserializer<Bar> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return JsonCodecs.barFromJson(bytes);
          } catch (IllegalArgumentException e) {
            throw new SerializationException("invalid bar: " + e.getMessage(), e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }

  /** Forecasts as JSON, for the {@code forecasts} topic. */
  public static Serde<Forecast> forecast() {
    Serializer<Forecast> ser = (topic, f) -> f == null ? null : JsonCodecs.forecastToJson(f);
    Deserializer<Forecast> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return JsonCodecs.forecastFromJson(bytes);
          } catch (IllegalArgumentException e) {
            throw new SerializationException("invalid forecast: " + e.getMessage(), e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }

  /** Binary, versioned serde of the windowed OHLCV aggregate (internal store and changelog). */
  public static Serde<BarAccumulator> barAccumulator() {
    Serializer<BarAccumulator> ser =
        (topic, a) -> {
          if (a == null) {
            return null;
          }
          return ByteBuffer.allocate(ACCUMULATOR_BYTES)
              .put(ACCUMULATOR_V1)
              .putLong(a.count())
              .putLong(a.openTs())
              .putLong(a.closeTs())
              .putDouble(a.open())
              .putDouble(a.close())
              .putDouble(a.high())
              .putDouble(a.low())
              .putDouble(a.volume())
              .putDouble(a.notional())
              .array();
        };
    Deserializer<BarAccumulator> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          if (bytes.length != ACCUMULATOR_BYTES || bytes[0] != ACCUMULATOR_V1) {
            throw new SerializationException("corrupt bar aggregate: " + bytes.length
                + " bytes, version " + (bytes.length > 0 ? bytes[0] : -1));
          }
          ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
          return BarAccumulator.of(b.getLong(), b.getLong(), b.getLong(), b.getDouble(),
              b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
        };
    return Serdes.serdeFrom(ser, de);
  }
}
