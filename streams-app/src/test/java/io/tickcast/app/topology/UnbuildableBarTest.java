package io.tickcast.app.topology;

import static io.tickcast.app.fixtures.Ticks.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed bar that cannot be built is dropped to the tick dead-letter topic ({@code
 * processing_error}) instead of staying at the head of the queue, where it failed every later
 * emission of its partition for good.
 */
class UnbuildableBarTest {

  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  private static final long MIN = 60_000L;
  /** The wall clock, a day after the ticks: they are history, far from the future checks' skew. */
  private static final long AFTER_HISTORY = T0 + 86_400_000L;

  @TempDir Path stateDir;
  private TopologyFixture fx;
  private TestInputTopic<String, byte[]> ticks;
  private TestOutputTopic<String, Bar> bars;
  private TestOutputTopic<String, byte[]> dlq;

  @BeforeEach
  void setUp() {
    // BAD's first bar cannot be built (as a fold with an infinite volume could not, before such
    // ticks were dead-lettered); every other bar builds normally.
    BarBuilderProcessor.BarFactory failing = (s, symbol, endMs) -> {
      if (symbol.equals("BAD") && s.startMs == T0) {
        throw new IllegalArgumentException("bar volume must be finite and >= 0, was Infinity");
      }
      return BarBuilderProcessor.FROM_SLOT.build(s, symbol, endMs);
    };
    fx = new TopologyFixture(stateDir, Map.of("bar.size", "1m", "bar.grace", "10s",
        "model.seq.length", "2", "model.batch.size", "2", "model.hidden.size", "4"), AFTER_HISTORY,
        deps -> ForecastTopology.build(deps, failing));
    ticks = fx.driver.createInputTopic("ticks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
    bars = fx.driver.createOutputTopic("bars", Serdes.String().deserializer(),
        fx.topics.bars().valueSerde().deserializer());
    dlq = fx.driver.createOutputTopic("ticks.dlq", Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldDeadLetterAnUnbuildableBarAndKeepClosingLaterBarsOfThePartition() {
    // Given ticks of BAD and OK in minutes 0 to 3 (one partition in the driver)
    for (int m = 0; m < 4; m++) {
      for (String s : List.of("BAD", "OK")) {
        ticks.pipeInput(s, json(s, T0 + m * MIN + 15_000, 100 + m, 1), T0);
      }
    }
    // Then every other bar of minutes 0 to 2 closed, in (end, symbol) order
    assertThat(bars.readValuesToList()).extracting(b -> b.symbol() + "@" + (b.startMs() - T0) / MIN)
        .containsExactly("OK@0", "BAD@1", "OK@1", "BAD@2", "OK@2");
    // And BAD's first bar is one processing_error dead letter naming its window, not its ticks
    List<TestRecord<String, byte[]>> out = dlq.readRecordsToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key()).isEqualTo("BAD");
    assertThat(header(out.get(0), DeadLetters.REASON)).isEqualTo("processing_error");
    assertThat(header(out.get(0), DeadLetters.DETAIL)).contains("Infinity");
    assertThat(new String(out.get(0).value(), StandardCharsets.UTF_8))
        .contains("\"symbol\":\"BAD\"", "\"start\":" + T0, "\"end\":" + (T0 + MIN), "\"ticks\":1");
    assertThat(fx.counter("tickcast.dlq.records", "reason", "processing_error")).isEqualTo(1.0);
  }

  @Test
  void shouldWriteTheFoldOfAnUnbuildableBarAsValidJsonEvenWithNonFiniteValues() {
    var acc = io.tickcast.model.bars.BarAccumulator.of(2, T0, T0 + 1, 1, 2, 2, 1,
        Double.POSITIVE_INFINITY, Double.NaN);
    assertThat(UnbuildableBars.json("A\"B", T0, T0 + MIN, acc))
        .contains("\"symbol\":\"A\\\"B\"", "\"volume\":\"Infinity\"", "\"notional\":\"NaN\"",
            "\"open\":1.0");
  }

  private static String header(TestRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
