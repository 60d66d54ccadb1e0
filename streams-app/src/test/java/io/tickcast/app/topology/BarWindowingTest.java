package io.tickcast.app.topology;

import static io.tickcast.app.fixtures.Ticks.json;
import static io.tickcast.app.fixtures.Ticks.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.domain.Bar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarWindowingTest {

  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  /** Record timestamps deliberately unrelated to event time: bars must use the tick's ts. */
  private static final long PRODUCE_TIME = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  @TempDir Path stateDir;
  private TopologyFixture fx;
  private TestInputTopic<String, byte[]> ticks;
  private TestOutputTopic<String, Bar> bars;
  private TestOutputTopic<String, byte[]> dlq;

  @BeforeEach
  void setUp() {
    start(Map.of());
  }

  private void start(Map<String, String> extra) {
    if (fx != null) {
      fx.close();
    }
    Map<String, String> props = new java.util.HashMap<>(Map.of("bar.size", "1m", "bar.grace", "10s"));
    props.putAll(extra);
    fx = new TopologyFixture(stateDir, props, T0);
    ticks = fx.driver.createInputTopic("ticks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
    bars = fx.driver.createOutputTopic("bars", Serdes.String().deserializer(), fx.topics.bars().valueSerde().deserializer());
    dlq = fx.driver.createOutputTopic("ticks.dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void tick(String symbol, long offsetMs, double price, double size) {
    ticks.pipeInput(symbol,
        json(symbol, T0 + offsetMs, price, size), PRODUCE_TIME);
  }

  @Test
  void shouldEmitOneFinalBarPerWindowOnlyAfterGraceAndIncludeLateTickWithinGrace() {
    // Given ticks in the first minute, in event-time order
    tick("BTC", 1_000, 100.0, 1.0);
    tick("BTC", 30_000, 102.0, 2.0);
    tick("BTC", 50_000, 99.0, 1.0);
    tick("BTC", 59_000, 101.0, 1.0);
    // When stream time moves into the next window, and a late tick (inside grace) arrives
    tick("BTC", 65_000, 103.0, 1.0);
    tick("BTC", 58_000, 98.0, 5.0);
    // Then nothing is emitted before window end + grace (final results only)
    assertThat(bars.isEmpty()).isTrue();

    // When stream time passes window end + grace (60 s + 10 s)
    tick("BTC", 71_000, 104.0, 1.0);

    // Then exactly the first bar is emitted, with the late tick folded in
    List<TestRecord<String, Bar>> out = bars.readRecordsToList();
    assertThat(out).hasSize(1);
    Bar b = out.get(0).value();
    assertThat(out.get(0).key()).isEqualTo("BTC");
    assertThat(b.startMs()).isEqualTo(T0);
    assertThat(b.endMs()).isEqualTo(T0 + 60_000);
    assertThat(b.open()).isEqualTo(100.0);
    assertThat(b.high()).isEqualTo(102.0);
    assertThat(b.low()).isEqualTo(98.0);
    assertThat(b.close()).isEqualTo(101.0);
    assertThat(b.volume()).isEqualTo(10.0);
    assertThat(b.ticks()).isEqualTo(5);
    double vwap = (100.0 * 1 + 102.0 * 2 + 99.0 * 1 + 101.0 * 1 + 98.0 * 5) / 10.0;
    assertThat(b.vwap()).isCloseTo(vwap, within(1e-9));
  }

  @Test
  void shouldDropTickArrivingAfterGraceAndNotReEmitTheClosedBar() {
    // Given a closed first window
    tick("BTC", 10_000, 100.0, 1.0);
    tick("BTC", 75_000, 101.0, 1.0);
    assertThat(bars.readValuesToList()).hasSize(1);

    // When a tick for the first window arrives after its grace period
    tick("BTC", 20_000, 500.0, 1.0);
    // and the second window closes
    tick("BTC", 131_000, 102.0, 1.0);

    // Then the first bar is not re-emitted or changed, and only the second window follows
    List<Bar> out = bars.readValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).startMs()).isEqualTo(T0 + 60_000);
    assertThat(out.get(0).high()).isEqualTo(101.0);
    // and the too-late tick is not lost: it is dead-lettered as late and counted
    assertThat(dlq.readRecordsToList()).singleElement()
        .satisfies(r -> assertThat(reason(r)).isEqualTo("late"));
    assertThat(fx.counter("tickcast.dlq.records", "reason", "late")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterARepeatedTradeIdButKeepSameContentTicksWithoutIdsByDefault() {
    // Given the default tick.dedup=id: a trade re-sent with its id, and two identical id-less prints
    ticks.pipeInput("BTC", json("BTC", T0 + 1_000, 100.0, 1.0, "t-1"), PRODUCE_TIME);
    ticks.pipeInput("BTC", json("BTC", T0 + 1_000, 100.0, 1.0, "t-1"), PRODUCE_TIME);
    ticks.pipeInput("BTC", json("BTC", T0 + 1_000, 100.0, 1.0, "t-2"), PRODUCE_TIME);
    tick("BTC", 2_000, 100.0, 0.5);
    tick("BTC", 2_000, 100.0, 0.5);
    tick("BTC", 80_000, 101.0, 1.0);

    // Then only the repeated id is dead-lettered; distinct ids and id-less ticks all count
    assertThat(dlq.readRecordsToList()).singleElement()
        .satisfies(r -> assertThat(reason(r)).isEqualTo("duplicate"));
    assertThat(bars.readValuesToList()).singleElement()
        .satisfies(b -> assertThat(b.volume()).isEqualTo(3.0));
    assertThat(fx.counter("tickcast.dlq.records", "reason", "duplicate")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterAnExactDuplicateUnderContentDedupButKeepADifferentTickWithTheSameTimestamp() {
    start(Map.of("tick.dedup", "content"));
    ticks = fx.driver.createInputTopic("ticks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
    bars = fx.driver.createOutputTopic("bars", Serdes.String().deserializer(), fx.topics.bars().valueSerde().deserializer());
    dlq = fx.driver.createOutputTopic("ticks.dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    tick("BTC", 1_000, 100.0, 1.0);
    tick("BTC", 1_000, 100.0, 1.0);
    tick("BTC", 1_000, 100.0, 2.0);
    tick("BTC", 80_000, 101.0, 1.0);

    assertThat(dlq.readRecordsToList()).singleElement()
        .satisfies(r -> assertThat(reason(r)).isEqualTo("duplicate"));
    assertThat(bars.readValuesToList()).singleElement()
        .satisfies(b -> assertThat(b.volume()).isEqualTo(3.0));
  }

  @Test
  void shouldDropNothingAsDuplicateWhenDedupIsOff() {
    start(Map.of("tick.dedup", "off"));
    ticks.pipeInput("BTC", json("BTC", T0 + 1_000, 100.0, 1.0, "t-1"), PRODUCE_TIME);
    ticks.pipeInput("BTC", json("BTC", T0 + 1_000, 100.0, 1.0, "t-1"), PRODUCE_TIME);
    tick("BTC", 80_000, 101.0, 1.0);

    assertThat(bars.readValuesToList()).singleElement()
        .satisfies(b -> assertThat(b.volume()).isEqualTo(2.0));
  }

  @Test
  void shouldEmitABurstOfBarsInBoundedChunksInOrderWithoutLosingAny() {
    // Given 200 symbols whose bars all close at once
    for (int i = 0; i < 200; i++) {
      tick(String.format(java.util.Locale.ROOT, "S%03d", i), 1_000, 100.0, 1.0);
    }
    tick("S000", 80_000, 101.0, 1.0);
    // Then one record emits at most MAX_BARS_PER_CALL, the next record more
    assertThat(bars.readValuesToList()).hasSize(BarBuilderProcessor.MAX_BARS_PER_CALL);
    tick("S001", 80_001, 101.0, 1.0);
    assertThat(bars.readValuesToList()).hasSize(BarBuilderProcessor.MAX_BARS_PER_CALL);
    // and wall-clock punctuations drain the rest in chunks, still in (end, symbol) order
    fx.advanceWallClock(50);
    List<Bar> rest = new java.util.ArrayList<>(bars.readValuesToList());
    assertThat(rest).hasSize(BarBuilderProcessor.MAX_BARS_PER_CALL);
    fx.advanceWallClock(50);
    rest.addAll(bars.readValuesToList());
    assertThat(rest).hasSize(200 - 2 * BarBuilderProcessor.MAX_BARS_PER_CALL);
    assertThat(fx.counter("tickcast.ticks.valid")).isEqualTo(202.0);
    assertThat(rest.get(0).symbol()).isEqualTo(
        String.format(java.util.Locale.ROOT, "S%03d", 2 * BarBuilderProcessor.MAX_BARS_PER_CALL));
    assertThat(rest).extracting(Bar::symbol).isSorted();
  }

  @Test
  void shouldKeepSymbolsApart() {
    tick("BTC", 1_000, 100.0, 1.0);
    tick("ETH", 2_000, 10.0, 3.0);
    tick("BTC", 80_000, 101.0, 1.0);

    List<TestRecord<String, Bar>> out = bars.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrder("BTC", "ETH");
    assertThat(out).filteredOn(r -> r.key().equals("ETH")).singleElement()
        .satisfies(r -> assertThat(r.value().close()).isEqualTo(10.0));
  }

  @Test
  void shouldDeadLetterInvalidTicksWithReasonAndOriginalBytesWhileValidOnesFlow() {
    byte[] malformed = raw("{\"symbol\":\"BTC\",\"ts\":");
    byte[] missing = raw("{\"symbol\":\"BTC\",\"ts\":" + (T0 + 2_000) + ",\"size\":1}");
    byte[] nan = raw("{\"symbol\":\"BTC\",\"ts\":" + (T0 + 3_000) + ",\"price\":NaN,\"size\":1}");
    byte[] negative = json("BTC", T0 + 4_000, -5.0, 1.0);
    byte[] zero = json("BTC", T0 + 4_500, 0.0, 1.0);
    tick("BTC", 1_000, 100.0, 1.0);
    ticks.pipeInput("BTC", malformed, PRODUCE_TIME);
    ticks.pipeInput("BTC", missing, PRODUCE_TIME);
    ticks.pipeInput("BTC", nan, PRODUCE_TIME);
    ticks.pipeInput("BTC", negative, PRODUCE_TIME);
    ticks.pipeInput("BTC", zero, PRODUCE_TIME);
    tick("BTC", 5_000, 101.0, 1.0);
    tick("BTC", 80_000, 102.0, 1.0);

    List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).extracting(r -> reason(r)).containsExactly(
        "malformed_json", "missing_field", "non_finite", "non_positive_price", "non_positive_price");
    assertThat(dead).extracting(TestRecord::value)
        .containsExactly(malformed, missing, nan, negative, zero);
    assertThat(dead.get(0).headers().lastHeader(DeadLetters.SOURCE_TOPIC).value())
        .asString(StandardCharsets.UTF_8).isEqualTo("ticks");
    assertThat(bars.readValuesToList()).singleElement()
        .satisfies(b -> assertThat(b.ticks()).isEqualTo(2));
    assertThat(fx.counter("tickcast.dlq.records", "reason", "non_positive_price")).isEqualTo(2.0);
    assertThat(fx.counter("tickcast.ticks")).isEqualTo(8.0);
    assertThat(fx.counter("tickcast.ticks.valid")).isEqualTo(3.0);
  }

  @Test
  void shouldDeadLetterTickWhoseKeyIsNotItsSymbol() {
    ticks.pipeInput(new TestRecord<>("ETH", json("BTC", T0, 100.0, 1.0), Instant.ofEpochMilli(PRODUCE_TIME)));
    assertThat(dlq.readRecordsToList()).singleElement()
        .satisfies(r -> assertThat(reason(r)).isEqualTo("key_mismatch"));
  }

  private static String reason(TestRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(DeadLetters.REASON);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

}
