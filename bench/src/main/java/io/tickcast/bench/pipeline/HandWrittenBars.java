package io.tickcast.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The baseline: the OHLCV bar aggregation a user would write by hand with the Kafka Streams DSL
 * (Jackson parse, group by key, 1-minute windows with 10 s grace, aggregate, suppress until the
 * window closes, write JSON bars). No validation, no dead letters, no dedup, no forecasting.
 */
final class HandWrittenBars {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HandWrittenBars() {}

  /** OHLCV aggregate, serialised as JSON like a user would. */
  public static final class Agg {
    public long count;
    public long openTs = Long.MAX_VALUE;
    public long closeTs = Long.MIN_VALUE;
    public double open;
    public double close;
    public double high = Double.NEGATIVE_INFINITY;
    public double low = Double.POSITIVE_INFINITY;
    public double volume;
    public double notional;

    Agg add(JsonNode t) {
      long ts = t.get("ts").asLong();
      double p = t.get("price").asDouble();
      double s = t.get("size").asDouble();
      if (ts < openTs) {
        openTs = ts;
        open = p;
      }
      if (ts >= closeTs) {
        closeTs = ts;
        close = p;
      }
      high = Math.max(high, p);
      low = Math.min(low, p);
      volume += s;
      notional += p * s;
      count++;
      return this;
    }
  }

  private static <T> Serde<T> json(Class<T> type) {
    return Serdes.serdeFrom((topic, v) -> write(v), (topic, b) -> read(b, type));
  }

  static Topology build(String ticks, String bars, AtomicLong consumed, AtomicLong emitted) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(ticks, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .peek((k, v) -> consumed.incrementAndGet())
        .mapValues(v -> read(v, JsonNode.class))
        .groupByKey(Grouped.with(Serdes.String(), json(JsonNode.class)))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
        .aggregate(Agg::new, (k, t, agg) -> agg.add(t),
            Materialized.with(Serdes.String(), json(Agg.class)))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .map((w, a) -> KeyValue.pair(w.key(), JSON.createObjectNode().put("symbol", w.key())
            .put("start", w.window().start()).put("end", w.window().end()).put("open", a.open)
            .put("high", a.high).put("low", a.low).put("close", a.close).put("volume", a.volume)
            .put("vwap", a.volume > 0 ? a.notional / a.volume : a.close).put("ticks", a.count)))
        .peek((k, v) -> emitted.incrementAndGet())
        .mapValues(HandWrittenBars::write)
        .to(bars, Produced.with(Serdes.String(), Serdes.ByteArray()));
    return b.build();
  }

  private static byte[] write(Object v) {
    try {
      return v == null ? null : JSON.writeValueAsBytes(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(byte[] b, Class<T> type) {
    try {
      return b == null ? null : JSON.readValue(b, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
