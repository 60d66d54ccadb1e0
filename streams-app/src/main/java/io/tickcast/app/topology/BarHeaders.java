package io.tickcast.app.topology;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Record headers that wire the bar builder to the forecaster without the {@code bars} topic
 * round trip, and the small processors that read them. Stateless; each processor instance belongs
 * to one task.
 *
 * <ul>
 *   <li>{@link #ORIGIN} marks a bar the builder wrote to {@code bars} and already handed to the
 *       forecaster directly; its value is the ticks topic the bar was built from. Reading such a
 *       bar back from {@code bars} is skipped ({@link #skipOwnBars}), bars users write keep flowing.
 *   <li>{@link #WALL_CLOCK} travels with a bar through the forecaster (which forwards its input's
 *       headers) so the forecast can be flagged {@code wallClockClosed} like its bar; it is
 *       removed before the forecast is written.
 * </ul>
 */
final class BarHeaders {

  /** Set on bars built by this pipeline: the ticks topic they were built from. */
  static final String ORIGIN = "tickcast.bar.origin";
  /** Internal: the bar the record carries (or was made from) was closed by the wall clock. */
  static final String WALL_CLOCK = "tickcast.bar.wallclock";

  private BarHeaders() {}

  /** Headers of a bar the builder emits. */
  static Headers ownBar(String ticksTopic) {
    return new RecordHeaders().add(ORIGIN, ticksTopic.getBytes(StandardCharsets.UTF_8));
  }

  /** Drops raw bar records this pipeline built itself (they were forecast directly). */
  static FixedKeyProcessor<String, byte[], byte[]> skipOwnBars(String ticksTopic) {
    byte[] own = ticksTopic.getBytes(StandardCharsets.UTF_8);
    return new Stage<>() {
      @Override
      public void process(FixedKeyRecord<String, byte[]> record) {
        Header h = record.headers().lastHeader(ORIGIN);
        if (h == null || !Arrays.equals(h.value(), own)) {
          context.forward(record);
        }
      }
    };
  }

  /** Before the forecaster: only the wall-clock marker, set iff the bar says so. */
  static FixedKeyProcessor<String, Bar, Bar> markWallClock() {
    return new Stage<>() {
      @Override
      public void process(FixedKeyRecord<String, Bar> record) {
        Headers h = new RecordHeaders();
        if (record.value().wallClockClosed()) {
          h.add(WALL_CLOCK, new byte[] {1});
        }
        context.forward(record.withHeaders(h));
      }
    };
  }

  /** After the forecaster: flags the forecast and drops the internal marker. */
  static FixedKeyProcessor<String, Forecast, Forecast> flagForecast() {
    return new Stage<>() {
      @Override
      public void process(FixedKeyRecord<String, Forecast> record) {
        boolean wall = record.headers().lastHeader(WALL_CLOCK) != null;
        context.forward(record.withValue(record.value().withWallClockClosed(wall))
            .withHeaders(new RecordHeaders()));
      }
    };
  }

  private abstract static class Stage<V, R> implements FixedKeyProcessor<String, V, R> {
    FixedKeyProcessorContext<String, R> context;

    @Override
    public void init(FixedKeyProcessorContext<String, R> context) {
      this.context = context;
    }
  }
}
