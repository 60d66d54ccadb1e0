package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.BarFeed;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.ChildInstance;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TickScript;
import io.tickcast.app.it.support.Tasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances, one takes over partitions from the other: the instance that lost a symbol's
 * forecaster task stops exporting that symbol's gauges, and keeps those of the symbols it still
 * forecasts.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GaugeHandoverIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(GaugeHandoverIT.class);
  private static final int PARTITIONS = 4;
  private static final int BARS = 16;

  @Test
  void shouldStopExportingTheGaugesOfSymbolsWhoseTaskMovedAway() throws Exception {
    // Given instance B alone, forecasting one symbol per partition
    String id = PipelineConfig.uniqueId("gauges");
    List<String> symbols = TickScript.symbolsOnDistinctPartitions("G", PARTITIONS, PARTITIONS);
    Map<String, String> propsB = props(id, "b");
    AppConfig config = PipelineConfig.config(propsB);
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    try (TickcastService b = TickcastService.start(config, broker.bootstrapServers())) {
      BarFeed.write(broker.bootstrapServers(), config.topics().bars(), symbols, BARS, 3);
      awaitCondition(() -> symbolsWithGauges(b).containsAll(symbols), "B exports all symbols");

      // When instance A joins and takes over some of the forecaster tasks
      Path childLog = Path.of("target", "it-logs", id + "-child-a.log");
      try (ChildInstance a = ChildInstance.start(
          PipelineConfig.write(props(id, "a"), tmp.resolve(id + "-a.properties")), childLog,
          List.of("-Xmx512m"))) {
        a.awaitState("RUNNING", Duration.ofSeconds(120));
        awaitCondition(() -> !Tasks.forecastPartitions(a.activeTasks()).isEmpty()
            && b.streams().state() == KafkaStreams.State.RUNNING
            && Tasks.forecastPartitions(Tasks.active(b.streams())).size()
                + Tasks.forecastPartitions(a.activeTasks()).size() == PARTITIONS, "A owns forecaster tasks");
        Set<Integer> moved = Tasks.forecastPartitions(a.activeTasks());
        Set<String> movedSymbols = symbols.stream()
            .filter(s -> moved.contains(TickScript.partition(s, PARTITIONS)))
            .collect(Collectors.toCollection(TreeSet::new));
        Set<String> kept = new TreeSet<>(symbols);
        kept.removeAll(movedSymbols);
        LOG.info("A took over forecaster partitions {} (symbols {}); B kept {}", moved,
            movedSymbols, kept);

        // Then B exports no gauge of the moved symbols any more, and still those it kept
        awaitCondition(() -> symbolsWithGauges(b).stream().noneMatch(movedSymbols::contains),
            "B dropped the gauges of " + movedSymbols);
        assertThat(symbolsWithGauges(b)).containsAll(kept);
        assertThat(movedSymbols).isNotEmpty();
      }
    }
  }

  private static Map<String, String> props(String id, String name) {
    Map<String, String> p = new HashMap<>(PipelineConfig.props(id, tmp.resolve(id + "-state-" + name),
        PARTITIONS));
    p.put("bootstrap.servers", broker.bootstrapServers());
    return p;
  }


  /** Symbols with at least one gauge in B's registry. */
  private static Set<String> symbolsWithGauges(TickcastService b) {
    return b.registry().getMeters().stream()
        .filter(m -> m.getId().getType() == Meter.Type.GAUGE && m.getId().getTag("symbol") != null)
        .map(m -> m.getId().getTag("symbol"))
        .collect(Collectors.toCollection(TreeSet::new));
  }



  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitCondition(Check check, String what) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (!check.holds()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(200);
    }
  }
}
