package io.tickcast.bench.pipeline;

import io.tickcast.app.serde.TickParser;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The framework floor: the thinnest Kafka Streams app that drains the ticks topic, to tell what
 * any topology costs on this input from what tickcast's own work costs. {@code floor}: byte[]
 * serdes, no state, no output, a processor that only counts. {@code floor-parse}: the same plus
 * tickcast's own tick parse and validation ({@link TickParser}), so parse cost is isolated.
 * Run with the same settings (guarantee, commit interval) as the baseline; single-threaded use.
 */
final class FloorApp {

  private FloorApp() {}

  /**
   * @param consumed counts records processed (the drain's progress)
   * @param valid counts ticks that parsed valid (floor-parse; keeps the parse observable)
   */
  static Topology build(String kind, String ticks, AtomicLong consumed, AtomicLong valid) {
    StreamsBuilder b = new StreamsBuilder();
    if (!kind.equals("floor") && !kind.equals("floor-parse")) {
      throw new IllegalArgumentException("unknown run kind '" + kind
          + "' (tickcast, baseline, floor, floor-parse)");
    }
    // One processor per task (Kafka Streams rejects a supplier that returns the same instance).
    b.stream(ticks, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(() -> kind.equals("floor") ? counting(consumed) : parsing(consumed, valid));
    return b.build();
  }

  private static Processor<byte[], byte[], Void, Void> counting(AtomicLong consumed) {
    return rec -> consumed.incrementAndGet();
  }

  private static Processor<byte[], byte[], Void, Void> parsing(AtomicLong consumed, AtomicLong valid) {
    TickParser parser = new TickParser(TickParser.Limits.defaults());
    return (Record<byte[], byte[]> rec) -> {
      // The key decode is part of what tickcast's String key serde does per record.
      String key = rec.key() == null ? null : new String(rec.key(), java.nio.charset.StandardCharsets.UTF_8);
      if (parser.parse(key, rec.value(), System.currentTimeMillis()).isValid()) {
        valid.incrementAndGet();
      }
      consumed.incrementAndGet();
    };
  }
}
