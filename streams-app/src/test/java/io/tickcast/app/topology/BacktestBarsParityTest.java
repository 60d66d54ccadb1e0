package io.tickcast.app.topology;

import static io.tickcast.app.fixtures.Ticks.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.backtest.Backtest;
import io.tickcast.app.feed.TradeCsv;
import io.tickcast.app.serde.DedupMode;
import io.tickcast.model.bars.TickAdmission;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Tick;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest turns trades into exactly the bars the stream emits: same dedup and late rules. */
class BacktestBarsParityTest {

  private static final String DATA = "/data/bitstamp_btcusd_trades_20131125_20131201.csv.gz";

  @TempDir Path stateDir;

  @Test
  void shouldBuildTheStreamsBarsFromTheBundledTrades() throws Exception {
    // Given the bundled trades, with a duplicate and a late trade added to exercise both rules
    List<Tick> trades = new ArrayList<>();
    try (TradeCsv csv = TradeCsv.openResource(DATA, "BTCUSD")) {
      // the first 30 000 of the 100 000 trades (two days, ~2 900 bars) keep the test short
      while (csv.hasNext() && trades.size() < 30_000) {
        trades.add(csv.next());
      }
    }
    trades.add(1000, trades.get(999));
    Tick old = trades.get(2000);
    trades.add(5000, new Tick(old.symbol(), old.tsMs(), old.price() * 1.01, old.size()));
    Duration bar = Duration.ofMinutes(1);
    Duration grace = Duration.ofSeconds(10);
    long wallClock = Instant.parse("2014-01-01T00:00:00Z").toEpochMilli();

    // When they run through the stream's topology and through the backtest
    List<Bar> streamed;
    try (TopologyFixture fx = new TopologyFixture(stateDir,
        // (a small model: the forecaster half is not under test here)
        Map.of("bar.size", "1m", "bar.grace", "10s", "tick.dedup", "content",
            "model.seq.length", "4", "model.hidden.size", "2", "model.batch.size", "64"),
        wallClock)) {
      TestInputTopic<String, byte[]> in = fx.driver.createInputTopic("ticks",
          Serdes.String().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, Bar> out = fx.driver.createOutputTopic("bars",
          Serdes.String().deserializer(), fx.topics.bars().valueSerde().deserializer());
      for (Tick t : trades) {
        in.pipeInput(t.symbol(), json(t.symbol(), t.tsMs(), t.price(), t.size()), wallClock);
      }
      streamed = out.readValuesToList();
    }
    List<Bar> backtested = Backtest.barsFromTrades(trades.iterator(), bar, grace, DedupMode.CONTENT);

    // Then every bar the stream closed is the backtest's, identically; the backtest also emits the
    // windows still open when the file ends (the last one, and the one before it when the last
    // trade came within the grace period of its end)
    TickAdmission replay = new TickAdmission(bar.toMillis(), grace.toMillis(), t -> Fingerprints.of(DedupMode.CONTENT, t));
    trades.forEach(replay::admit);
    List<Bar> closed = backtested.stream().filter(b -> replay.closed(b.endMs())).toList();
    assertThat(streamed).hasSizeGreaterThan(2000);
    assertThat(streamed).containsExactlyElementsOf(closed);
    assertThat(backtested.size() - closed.size()).isBetween(1, 2);
    // and without the rules the late trade would have changed a bar
    List<Bar> naive = Backtest.barsFromTrades(trades.iterator(), bar, Duration.ofDays(3650), DedupMode.OFF);
    assertThat(naive).isNotEqualTo(backtested);
  }
}
