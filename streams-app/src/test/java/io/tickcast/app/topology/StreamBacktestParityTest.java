package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.backtest.Backtest;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream's forecaster half and the backtest give identical forecasts on the same bars. */
class StreamBacktestParityTest {

  /** The wall clock: after the last bar, so that none is refused as in the future. */
  private static final long AFTER_HISTORY = 100 * 60_000L;

  @TempDir Path stateDir;

  @Test
  void shouldForecastIdenticallyInStreamAndBacktest() {
    // Given 80 bars for two symbols, interleaved by time
    List<Bar> bars = new ArrayList<>();
    Random rnd = new Random(11);
    double[] close = {100, 20};
    String[] symbols = {"AAA", "BBB"};
    for (int i = 0; i < 80; i++) {
      for (int s = 0; s < 2; s++) {
        double open = close[s];
        close[s] = open * Math.exp(0.01 * rnd.nextGaussian());
        double hi = Math.max(open, close[s]) * (1 + 0.002 * rnd.nextDouble());
        double lo = Math.min(open, close[s]) * (1 - 0.002 * rnd.nextDouble());
        bars.add(new Bar(symbols[s], i * 60_000L, (i + 1) * 60_000L, open, hi, lo, close[s],
            1 + rnd.nextDouble(), (hi + lo) / 2, 3 + rnd.nextInt(5)));
      }
    }
    Map<String, String> small = Map.of("model.seq.length", "8", "model.batch.size", "4",
        "model.hidden.size", "8", "model.gate.min.scored", "5");

    // When they run through the topology
    List<Forecast> streamed;
    try (TopologyFixture fx = new TopologyFixture(stateDir, small, AFTER_HISTORY)) {
      TestInputTopic<String, Bar> in = fx.driver.createInputTopic("bars", Serdes.String().serializer(),
          fx.topics.bars().valueSerde().serializer());
      TestOutputTopic<String, Forecast> out = fx.driver.createOutputTopic("forecasts",
          Serdes.String().deserializer(), fx.topics.forecasts().valueSerde().deserializer());
      bars.forEach(b -> in.pipeInput(b.symbol(), b, b.endMs()));
      streamed = out.readValuesToList();
      // and through the backtest
      Backtest backtest = new Backtest(fx.config.model());
      List<Forecast> backtested = new ArrayList<>();
      for (Bar b : bars) {
        Forecast f = backtest.process(b, null, null);
        if (f != null) {
          backtested.add(f);
        }
      }

      // Then the forecasts are identical, bit for bit
      assertThat(streamed).hasSize(2 * (80 - 8));
      assertThat(streamed.stream().mapToLong(Forecast::modelVersion).max().orElse(0)).isGreaterThan(5);
      assertThat(streamed).containsExactlyElementsOf(backtested);
    }
  }
}
