package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opt-in shadow trainers see the same bars, export batch_size-tagged metrics, publish nothing. */
class ShadowTrainerTest {

  /** The wall clock: after the last bar, so that none is refused as in the future. */
  private static final long AFTER_HISTORY = 100 * 60_000L;

  @TempDir Path dirA;
  @TempDir Path dirB;

  private static List<Bar> bars() {
    List<Bar> out = new ArrayList<>();
    Random rnd = new Random(5);
    double close = 50;
    for (int i = 0; i < 70; i++) {
      double open = close;
      close = open * Math.exp(0.01 * rnd.nextGaussian());
      double hi = Math.max(open, close) * 1.001;
      double lo = Math.min(open, close) * 0.999;
      out.add(new Bar("SHD", i * 60_000L, (i + 1) * 60_000L, open, hi, lo, close, 2, (hi + lo) / 2, 4));
    }
    return out;
  }

  private static List<Forecast> run(TopologyFixture fx) {
    TestInputTopic<String, Bar> in = fx.driver.createInputTopic("bars", Serdes.String().serializer(),
        fx.topics.bars().valueSerde().serializer());
    TestOutputTopic<String, Forecast> out = fx.driver.createOutputTopic("forecasts",
        Serdes.String().deserializer(), fx.topics.forecasts().valueSerde().deserializer());
    bars().forEach(b -> in.pipeInput(b.symbol(), b, b.endMs()));
    return out.readValuesToList();
  }

  @Test
  void shouldRunShadowTrainersWithoutChangingPublishedForecasts() {
    // Replay off: with replay a step runs every k bars whatever B, so the update counts of the
    // shadows would not differ by batch size
    Map<String, String> small = new HashMap<>(Map.of("model.seq.length", "8", "model.batch.size", "4",
        "model.hidden.size", "8", "model.replay.window", "0"));
    List<Forecast> plain;
    try (TopologyFixture fx = new TopologyFixture(dirA, small, AFTER_HISTORY)) {
      plain = run(fx);
    }
    small.put("model.shadow.batch.sizes", "2,16");
    try (TopologyFixture fx = new TopologyFixture(dirB, small, AFTER_HISTORY)) {
      List<Forecast> withShadows = run(fx);
      // Then the published forecasts are exactly those of the main trainer
      assertThat(withShadows).isNotEmpty().containsExactlyElementsOf(plain);
      // and each shadow trained at its own batch size and is visible by batch_size tag
      double updates2 = fx.registry.get("tickcast.shadow.updates").tags("symbol", "SHD", "batch_size", "2")
          .counter().count();
      double updates16 = fx.registry.get("tickcast.shadow.updates").tags("symbol", "SHD", "batch_size", "16")
          .counter().count();
      assertThat(updates2).isGreaterThan(updates16).isGreaterThan(0);
      assertThat(fx.registry.get("tickcast.shadow.eval.skill").tags("batch_size", "2").gauge().value())
          .isFinite();
    }
  }
}
