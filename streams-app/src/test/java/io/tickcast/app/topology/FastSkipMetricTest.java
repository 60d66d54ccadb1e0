package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-symbol gauges of the LSTM expert's learned fast skip θ and network gain g: after the
 * symbol's model has stepped they read the learner's θ, non-zero where the linear forecast is
 * informative, 0 with the skip off, and its g in [0, 1], 1 with the skip off; they leave with
 * the symbol's other meters when the task closes.
 */
class FastSkipMetricTest {

  private static final String SYMBOL = "AR1";
  private static final String GAUGE = "tickcast.train.fast.skip";
  private static final String GAIN = "tickcast.train.network.gain";
  private static final int BARS = 400;
  /** The wall clock, after the last bar, so that none is refused as in the future. */
  private static final long AFTER_HISTORY = (BARS + 10) * 60_000L;

  @TempDir Path stateDir;

  /** Bars whose log returns are an AR(1) of coefficient 0.5: the linear forecast is informative. */
  private static List<Bar> ar1Bars() {
    List<Bar> out = new ArrayList<>();
    Random rnd = new Random(7);
    double close = 100;
    double r = 0;
    for (int i = 0; i < BARS; i++) {
      double open = close;
      r = 0.5 * r + 0.002 * rnd.nextGaussian();
      close = open * Math.exp(r);
      double hi = Math.max(open, close) * 1.0005;
      double lo = Math.min(open, close) * 0.9995;
      out.add(new Bar(SYMBOL, i * 60_000L, (i + 1) * 60_000L, open, hi, lo, close, 3,
          (hi + lo) / 2, 5));
    }
    return out;
  }

  private static Map<String, String> small(boolean fastSkip) {
    Map<String, String> m = new HashMap<>(Map.of("model.seq.length", "8", "model.batch.size", "4",
        "model.hidden.size", "8"));
    m.put("model.fast.skip", Boolean.toString(fastSkip));
    return m;
  }

  /** Runs the bars through the topology; returns the gauges' θ and g and the twin's θ and g. */
  private static double[] gaugeAndTwin(TopologyFixture fx, List<Bar> bars) {
    TestInputTopic<String, Bar> in = fx.driver.createInputTopic("bars",
        Serdes.String().serializer(), fx.topics.bars().valueSerde().serializer());
    bars.forEach(b -> in.pipeInput(b.symbol(), b, b.endMs()));
    SymbolForecaster twin = SymbolForecaster.create(SYMBOL, fx.config.model());
    bars.forEach(twin::onBar);
    Gauge g = fx.registry.find(GAUGE).tag("symbol", SYMBOL).gauge();
    assertThat(g).as("%s of %s", GAUGE, SYMBOL).isNotNull();
    Gauge gain = fx.registry.find(GAIN).tag("symbol", SYMBOL).gauge();
    assertThat(gain).as("%s of %s", GAIN, SYMBOL).isNotNull();
    return new double[] {g.value(), twin.fastSkip(), gain.value(), twin.networkGain()};
  }

  @Test
  void shouldReportTheLearnersFastSkipAfterItStepped() {
    // Given a symbol whose returns are an AR(1) of coefficient 0.5, with the skip on (default)
    try (TopologyFixture fx = new TopologyFixture(stateDir, small(true), AFTER_HISTORY)) {
      // When its bars run through the topology and, apart, through a forecaster of the same config
      double[] v = gaugeAndTwin(fx, ar1Bars());

      // Then the model stepped and the gauges are the learner's θ, well away from 0, and its g,
      // a weight in [0, 1] that has moved from a fresh model's 1
      assertThat(fx.counter("tickcast.train.updates", "symbol", SYMBOL)).isGreaterThan(10);
      assertThat(v[0]).isEqualTo(v[1]).isGreaterThan(0.2);
      assertThat(v[2]).isEqualTo(v[3]).isBetween(0.0, 1.0).isNotEqualTo(1.0);
    }
  }

  @Test
  void shouldReportZeroWithTheSkipOff() {
    // Given the same symbol with model.fast.skip=false
    try (TopologyFixture fx = new TopologyFixture(stateDir, small(false), AFTER_HISTORY)) {
      // When its bars run through the topology
      double[] v = gaugeAndTwin(fx, ar1Bars());

      // Then the model stepped and the gauges read θ 0 and g 1 (the network alone, whole)
      assertThat(fx.counter("tickcast.train.updates", "symbol", SYMBOL)).isGreaterThan(10);
      assertThat(v[0]).isZero();
      assertThat(v[1]).isZero();
      assertThat(v[2]).isEqualTo(1.0);
    }
  }

  @Test
  void shouldRemoveTheGaugeWhenTheSymbolsTaskCloses() {
    // Given a symbol whose fast skip gauge is exported
    TopologyFixture fx = new TopologyFixture(stateDir, small(true), AFTER_HISTORY);
    gaugeAndTwin(fx, ar1Bars().subList(0, 60));

    // When its task closes (revoked, migrated, shut down)
    fx.close();

    // Then the gauges are gone from the registry
    assertThat(fx.registry.find(GAUGE).gauges()).isEmpty();
    assertThat(fx.registry.find(GAIN).gauges()).isEmpty();
  }
}
