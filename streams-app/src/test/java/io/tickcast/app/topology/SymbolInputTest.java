package io.tickcast.app.topology;

import static io.tickcast.app.fixtures.Ticks.json;
import static io.tickcast.app.fixtures.Ticks.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Forecast;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * Symbols and times that would poison another symbol's state go to the dead-letter topics, on
 * both inputs: a symbol holding a store-key separator ({@code BTC|r0} is BTC's sequence row 0 in
 * the forecaster's store), an over-long symbol on {@code bars}, a user's bar far in the future
 * (every later bar of its symbol would be stale).
 */
class SymbolInputTest {

  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  private static final long MIN = 60_000L;

  @TempDir Path stateDir;
  private TopologyFixture fx;
  private TestInputTopic<String, byte[]> ticks;
  private TestInputTopic<String, byte[]> bars;
  private TestOutputTopic<String, byte[]> ticksDlq;
  private TestOutputTopic<String, byte[]> barsDlq;
  private TestOutputTopic<String, Forecast> forecasts;

  @BeforeEach
  void setUp() {
    fx = new TopologyFixture(stateDir, Map.of("model.seq.length", "8", "model.batch.size", "4",
        "model.hidden.size", "8"), T0 + 100 * MIN);
    ticks = fx.driver.createInputTopic("ticks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
    bars = fx.driver.createInputTopic("bars", Serdes.String().serializer(), Serdes.ByteArray().serializer());
    ticksDlq = fx.driver.createOutputTopic("ticks.dlq", Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
    barsDlq = fx.driver.createOutputTopic("bars.dlq", Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
    forecasts = fx.driver.createOutputTopic("forecasts", Serdes.String().deserializer(),
        fx.topics.forecasts().valueSerde().deserializer());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldDeadLetterTicksWhoseSymbolHoldsAStoreKeySeparatorOrAControlCharacter() {
    // Given ticks of symbols that collide with the forecaster's own store keys, and a control character
    List<String> symbols = List.of("BTC|r0", "BTC#B=4", "BT\u0007C");
    ticks.pipeInput("BTC|r0", json("BTC|r0", T0, 100, 1));
    ticks.pipeInput("BTC#B=4", json("BTC#B=4", T0, 100, 1));
    ticks.pipeInput("BT\u0007C", raw("{\"symbol\":\"BT\\u0007C\",\"ts\":" + T0 + ",\"price\":1,\"size\":1}"));
    // When they are read, then each is dead-lettered as invalid_symbol with its bytes untouched
    List<TestRecord<String, byte[]>> out = ticksDlq.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsExactlyElementsOf(symbols);
    assertThat(out).extracting(r -> reason(r)).containsOnly("invalid_symbol");
    assertThat(out.get(0).value()).isEqualTo(json("BTC|r0", T0, 100, 1));
    assertThat(fx.counter("tickcast.dlq.records", "reason", "invalid_symbol")).isEqualTo(3.0);
  }

  @Test
  void shouldDeadLetterUsersBarsWithReservedOrOverlongSymbols() {
    // Given bars users wrote with a store-key separator and a 100-character symbol
    String longSymbol = "S".repeat(100);
    bars.pipeInput("P|r0", barJson("P|r0", T0, T0 + MIN));
    bars.pipeInput(longSymbol, barJson(longSymbol, T0, T0 + MIN));
    // and a bar whose high is 1e31 (its log range would be the model's next input)
    bars.pipeInput("P", raw("{\"symbol\":\"P\",\"start\":" + T0 + ",\"end\":" + (T0 + MIN)
        + ",\"open\":100,\"high\":1e31,\"low\":99,\"close\":100}"));
    // Then all go to bars.dlq with the tick rules' reasons, and nothing is forecast
    List<TestRecord<String, byte[]>> out = barsDlq.readRecordsToList();
    assertThat(out).extracting(r -> reason(r)).containsExactly("invalid_symbol", "symbol_too_long",
        "value_out_of_range");
    assertThat(forecasts.isEmpty()).isTrue();
    assertThat(fx.counter("tickcast.dlq.records", "reason", "symbol_too_long")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterABarFarInTheFutureInsteadOfMakingTheSymbolsLaterBarsStale() {
    // Given a symbol's bars, with one bar in the year 2200 among them (a fat-fingered timestamp)
    long future = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
    List<byte[]> feed = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      feed.add(barJson("P", T0 + i * MIN, T0 + (i + 1) * MIN));
      if (i == 5) {
        feed.add(barJson("P", future, future + MIN));
      }
    }
    // When they are read
    feed.forEach(v -> bars.pipeInput("P", v));
    // Then the future bar is dead-lettered, and every good bar after the warm-up is forecast
    List<TestRecord<String, byte[]>> out = barsDlq.readRecordsToList();
    assertThat(out).extracting(r -> reason(r)).containsExactly("timestamp_out_of_range");
    assertThat(forecasts.readValuesToList()).extracting(Forecast::barEndMs)
        .endsWith(T0 + 30 * MIN).hasSize(30 - 8);
    assertThat(fx.counter("tickcast.bars.stale", "symbol", "P")).isZero();
  }

  @Test
  void shouldAcceptUsersDailyBarsFromBefore1970() {
    // Given daily bars of 1950 (index history), which only the future check could refuse
    long day = 86_400_000L;
    long start = Instant.parse("1950-01-03T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 3; i++) {
      bars.pipeInput("SPX", barJson("SPX", start + i * day, start + (i + 1) * day));
    }
    // Then none is dead-lettered
    assertThat(barsDlq.isEmpty()).isTrue();
    assertThat(fx.counter("tickcast.bars.consumed", "symbol", "SPX")).isEqualTo(3.0);
  }

  @Test
  void shouldAcceptVendorSymbolsWithAHashMarkOnBothInputs() {
    // Given ticks and users' bars of symbols with '#' (IQFeed @ES#, Refinitiv 0#.FTSE), refused before
    ticks.pipeInput("@ES#", json("@ES#", T0 + 1_000, 100, 1));
    ticks.pipeInput("@ES#", json("@ES#", T0 + 2 * MIN, 101, 1));
    bars.pipeInput("0#.FTSE", barJson("0#.FTSE", T0, T0 + MIN));
    // Then none is dead-lettered: the tick closes a bar and the user's bar is consumed
    assertThat(ticksDlq.isEmpty()).isTrue();
    assertThat(barsDlq.isEmpty()).isTrue();
    assertThat(fx.counter("tickcast.bars.consumed", "symbol", "0#.FTSE")).isEqualTo(1.0);
    assertThat(fx.counter("tickcast.bars.consumed", "symbol", "@ES#")).isEqualTo(1.0);
  }

  @Test
  void shouldAcceptADailyBarPublishedAtTheUsCloseAndRefuseABarStartingAheadOfTheClock() {
    // Given the wall clock at the US close, 2026-12-02T21:05Z, under the default 5-minute skew
    long now = Instant.parse("2026-12-02T21:05:00Z").toEpochMilli();
    try (TopologyFixture close = new TopologyFixture(stateDir.resolve("close"), Map.of(), now)) {
      TestInputTopic<String, byte[]> in = close.driver.createInputTopic("bars", Serdes.String().serializer(),
          Serdes.ByteArray().serializer());
      TestOutputTopic<String, byte[]> dlq = close.driver.createOutputTopic("bars.dlq",
          Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
      long day = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();
      // When SPY's daily bar [12-02, 12-03) is read (its end is ~3 h ahead), then it is consumed
      in.pipeInput("SPY", barJson("SPY", day, day + 86_400_000L));
      assertThat(dlq.isEmpty()).isTrue();
      assertThat(close.counter("tickcast.bars.consumed", "symbol", "SPY")).isEqualTo(1.0);
      // When a minute bar starting 10 minutes ahead of the clock is read, then it is refused
      in.pipeInput("SPY", barJson("SPY", now + 10 * MIN, now + 11 * MIN));
      // and so is a bar starting now but ending in 2200
      in.pipeInput("SPY", barJson("SPY", now, Instant.parse("2200-01-01T00:00:00Z").toEpochMilli()));
      assertThat(dlq.readRecordsToList()).extracting(r -> reason(r))
          .containsExactly("timestamp_out_of_range", "timestamp_out_of_range");
    }
  }

  @Test
  void shouldAcceptA1950BarUnderTheLargestFutureSkew() {
    // Given the largest skew the config accepts (Long.MAX_VALUE ms, rounded down to days)
    try (TopologyFixture big = new TopologyFixture(stateDir.resolve("big"),
        Map.of("tick.max.future.skew", "106751991167d"), T0)) {
      TestInputTopic<String, byte[]> in = big.driver.createInputTopic("bars", Serdes.String().serializer(),
          Serdes.ByteArray().serializer());
      TestOutputTopic<String, byte[]> dlq = big.driver.createOutputTopic("bars.dlq",
          Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
      long start = Instant.parse("1950-01-03T00:00:00Z").toEpochMilli();
      // When a daily bar of 1950 is read (end - skew overflowed to a far-future time)
      in.pipeInput("SPX", barJson("SPX", start, start + 86_400_000L));
      // Then it is consumed, not refused as in the future
      assertThat(dlq.isEmpty()).isTrue();
      assertThat(big.counter("tickcast.bars.consumed", "symbol", "SPX")).isEqualTo(1.0);
    }
  }

  @Test
  void shouldDeadLetterTicksSoLargeThatTheirBarCouldNotBeBuiltInsteadOfWedgingThePartition() {
    // Given two ticks of size 1e308 for X (each finite, their sum is not), then a minute-by-minute feed of Y
    ticks.pipeInput("X", json("X", T0 + 1_000, 100, 1e308));
    ticks.pipeInput("X", json("X", T0 + 2_000, 100, 1e308));
    for (int m = 0; m < 6; m++) {
      ticks.pipeInput("Y", json("Y", T0 + m * MIN + 30_000, 100 + m, 1));
    }
    // Then the two ticks are dead-lettered as value_out_of_range, and Y's bars close as usual
    assertThat(ticksDlq.readRecordsToList()).extracting(r -> reason(r))
        .containsExactly("value_out_of_range", "value_out_of_range");
    TestOutputTopic<String, byte[]> barsOut = fx.driver.createOutputTopic("bars", Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
    assertThat(barsOut.readKeyValuesToList()).extracting(kv -> kv.key).containsOnly("Y").hasSize(5);
  }

  private static byte[] barJson(String symbol, long start, long end) {
    double c = 100 + Math.floorMod(end / MIN, 7);
    return raw("{\"symbol\":\"" + symbol + "\",\"start\":" + start + ",\"end\":" + end
        + ",\"open\":100,\"high\":" + (c + 1) + ",\"low\":99,\"close\":" + c + ",\"volume\":1}");
  }

  private static String reason(TestRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(DeadLetters.REASON);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
