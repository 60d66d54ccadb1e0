package io.tickcast.app.topology;

import static io.tickcast.app.fixtures.Ticks.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wall-clock close of bars on a quiet live partition ({@code bar.idle.timeout}), driver wall time. */
class WallClockCloseTest {

  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;
  private static final List<String> SYMBOLS = List.of("BTC", "ETH");

  @TempDir Path stateDir;
  private TopologyFixture fx;
  private TestInputTopic<String, byte[]> ticks;
  private TestOutputTopic<String, Bar> bars;
  private TestOutputTopic<String, Forecast> forecasts;
  private TestOutputTopic<String, byte[]> dlq;
  private long wall;

  private void start(long wallStart) {
    Map<String, String> props = new HashMap<>(Map.of("bar.size", "1m", "bar.grace", "10s",
        "bar.idle.timeout", "30s", "model.seq.length", "2", "model.batch.size", "2",
        "model.hidden.size", "4"));
    fx = new TopologyFixture(stateDir, props, wallStart);
    wall = wallStart;
    ticks = fx.driver.createInputTopic("ticks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
    bars = fx.driver.createOutputTopic("bars", Serdes.String().deserializer(),
        fx.topics.bars().valueSerde().deserializer());
    forecasts = fx.driver.createOutputTopic("forecasts", Serdes.String().deserializer(),
        fx.topics.forecasts().valueSerde().deserializer());
    dlq = fx.driver.createOutputTopic("ticks.dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /**
   * Moves the driver's wall clock to {@code t} in steps of half a second, firing due wall-clock
   * punctuations as a responsive stream thread would.
   */
  private void wallAt(long t) {
    while (wall < t) {
      long step = Math.min(500, t - wall);
      fx.advanceWallClock(step);
      wall += step;
    }
  }

  private void tick(String symbol, long ts, double price) {
    ticks.pipeInput(symbol, json(symbol, ts, price, 1.0), wall);
  }

  /** Ticks every 10 s for minutes [0, 6), each sent when its event time is now (a live feed). */
  private void liveFeedForSixMinutes() {
    for (long t = T0; t < T0 + 6 * MIN; t += 10_000) {
      wallAt(t);
      for (String s : SYMBOLS) {
        tick(s, t, 100 + (t - T0) / 10_000 % 7);
      }
    }
  }

  @Test
  void shouldCloseTheLastBarOfAQuietLivePartitionAfterGraceAndIdleTimeoutFlaggedAndForecast() {
    start(T0);
    liveFeedForSixMinutes();
    // Bars of minutes 0..4 closed by event time; minute 5 is open and the feed stops (last tick 5:50)
    assertThat(bars.readValuesToList()).hasSize(2 * 5).noneMatch(Bar::wallClockClosed);
    List<Forecast> before = forecasts.readValuesToList();
    assertThat(before).isNotEmpty().noneMatch(Forecast::wallClockClosed);

    // Not yet: end + grace (6:10) has passed at 6:15, but the partition is quiet for only 25 s
    wallAt(T0 + 6 * MIN + 15_000);
    assertThat(bars.isEmpty()).isTrue();

    // Quiet for 30 s (6:20) and past end + grace: both symbols' last bars close, flagged
    wallAt(T0 + 6 * MIN + 21_000);
    List<Bar> closed = bars.readValuesToList();
    assertThat(closed).extracting(Bar::symbol).containsExactly("BTC", "ETH");
    assertThat(closed).allSatisfy(b -> {
      assertThat(b.endMs()).isEqualTo(T0 + 6 * MIN);
      assertThat(b.wallClockClosed()).isTrue();
      assertThat(b.ticks()).isEqualTo(6);
    });
    assertThat(fx.counter("tickcast.bars.wall.closed", "symbol", "BTC")).isEqualTo(1.0);
    // and each is forecast, the forecast flagged like its bar
    assertThat(forecasts.readValuesToList()).hasSize(2).allSatisfy(f -> {
      assertThat(f.barEndMs()).isEqualTo(T0 + 6 * MIN);
      assertThat(f.wallClockClosed()).isTrue();
    });

    // A tick for the wall-closed bar is late; one for the next bar is accepted
    tick("BTC", T0 + 5 * MIN + 55_000, 101);
    tick("BTC", T0 + 6 * MIN + 25_000, 101);
    assertThat(dlq.readRecordsToList()).singleElement().satisfies(r -> assertThat(
        new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
        .isEqualTo("late"));
    assertThat(fx.counter("tickcast.ticks.valid")).isEqualTo(2 * 36 + 1);
  }

  @Test
  void shouldNotCloseBarsEarlyDuringAReplayOfHistory() {
    // Given a replay: event time ten days behind the wall clock
    start(T0 + Duration.ofDays(10).toMillis());
    for (long t = T0; t < T0 + 6 * MIN; t += 10_000) {
      for (String s : SYMBOLS) {
        tick(s, t, 100);
      }
    }
    assertThat(bars.readValuesToList()).hasSize(2 * 5);

    // When the replay pauses for ten minutes of wall time
    for (int i = 1; i <= 10; i++) {
      wallAt(wall + MIN);
    }

    // Then no bar closes on the wall clock, and the open bar still takes its ticks
    assertThat(bars.isEmpty()).isTrue();
    assertThat(fx.counter("tickcast.bars.wall.closed", "symbol", "BTC")).isZero();
    tick("BTC", T0 + 5 * MIN + 55_000, 100);
    tick("BTC", T0 + 7 * MIN, 100);
    assertThat(dlq.isEmpty()).isTrue();
    List<Bar> closed = bars.readValuesToList();
    assertThat(closed).extracting(Bar::symbol).containsExactly("BTC", "ETH");
    assertThat(closed).extracting(Bar::ticks).containsExactly(7L, 6L);
    assertThat(closed).allSatisfy(b -> {
      assertThat(b.endMs()).isEqualTo(T0 + 6 * MIN);
      assertThat(b.wallClockClosed()).isFalse();
    });
  }

  @Test
  void shouldRestartTheIdleWaitAfterTheStreamThreadWasBlocked() {
    start(T0);
    liveFeedForSixMinutes();
    bars.readValuesToList();
    // When the thread was blocked for 40 s (one late punctuation) then runs normally again
    fx.advanceWallClock(40_000);
    wall += 40_000;
    assertThat(bars.isEmpty()).as("no close right after a stall").isTrue();
    wallAt(wall + 29_000);
    assertThat(bars.isEmpty()).isTrue();
    // Then the bars close once the partition has been quiet for the timeout since the stall
    wallAt(wall + 2_000);
    assertThat(bars.readValuesToList()).hasSize(2).allMatch(Bar::wallClockClosed);
  }

  @Test
  void shouldNeverCloseOnTheWallClockWhenTheIdleTimeoutIsZero() {
    Map<String, String> props = Map.of("bar.size", "1m", "bar.grace", "10s", "bar.idle.timeout", "0s");
    fx = new TopologyFixture(stateDir, props, T0);
    wall = T0;
    ticks = fx.driver.createInputTopic("ticks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
    bars = fx.driver.createOutputTopic("bars", Serdes.String().deserializer(),
        fx.topics.bars().valueSerde().deserializer());
    tick("BTC", T0 + 1_000, 100);
    wallAt(T0 + 10 * MIN);
    List<TestRecord<String, Bar>> out = bars.readRecordsToList();
    assertThat(out).isEmpty();
  }
}
