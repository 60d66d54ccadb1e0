package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.TickcastService;
import io.tickcast.app.it.support.BarFeed;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the model state costs on the changelogs: value bytes of each record of the model
 * store ({@code <application.id>-symbol-models-changelog}, one record per optimizer update) and of
 * the sequence store (one record per bar), for the small test model and for the default size.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChangelogSizeIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChangelogSizeIT.class);
  private static final String SYMBOL = "CLOG";



  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("T=8 H=8 B=4", Map.of("model.seq.length", "8", "model.hidden.size", "8",
            "model.batch.size", "4"), 40),
        Arguments.of("defaults T=32 H=32 B=16", Map.of("model.seq.length", "32", "model.hidden.size", "32",
            "model.batch.size", "16"), 100),
        // Past the ring's capacity the rows wrap; the main record never grows with the window.
        Arguments.of("T=8 H=8 B=4, steady state", Map.of("model.seq.length", "8", "model.hidden.size", "8",
            "model.batch.size", "4"), 560));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void shouldWriteOneModelRecordPerUpdateAndOneSequenceRecordPerBar(String name, Map<String, String> model,
      int bars) throws Exception {
    // Given a pipeline with that model size
    String id = PipelineConfig.uniqueId("changelog");
    Map<String, String> props = new HashMap<>(PipelineConfig.props(id, tmp.resolve(id), 1));
    props.putAll(model);
    AppConfig config = PipelineConfig.config(props);
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    int seq = config.model().seqLength();

    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers());
        ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(), config.topics().forecasts())) {
      // When one symbol's bars are written to bars
      BarFeed.write(broker.bootstrapServers(), config.topics().bars(), List.of(SYMBOL), bars, 29);
      int expected = bars - seq;
      assertThat(collector.await(s -> s.size() >= expected, Duration.ofSeconds(120)))
          .as("forecasts of %d bars", bars).isTrue();
      Thread.sleep(1_000);

      // Then the model changelog holds one record per optimizer step, the sequence changelog one per bar
      List<ForecastCollector.Seen> seen = collector.snapshot();
      long updates = seen.get(seen.size() - 1).forecast().modelVersion();
      List<Integer> modelSizes = valueSizes(PipelineConfig.modelChangelog(config));
      List<Integer> sequenceSizes = valueSizes(PipelineConfig.sequenceChangelog(config), SYMBOL);
      long sequenceRecordBytes = recordBytes(PipelineConfig.sequenceChangelog(config));
      IntSummaryStatistics modelBytes = modelSizes.stream().mapToInt(Integer::intValue).summaryStatistics();
      IntSummaryStatistics sequenceBytes = sequenceSizes.stream().mapToInt(Integer::intValue).summaryStatistics();
      long modelDisk = diskBytes(PipelineConfig.modelChangelog(config));
      long sequenceDisk = diskBytes(PipelineConfig.sequenceChangelog(config));
      LOG.info("CHANGELOG {}: model store {} records for {} updates, value bytes per update mean {} (min {}, max {}), "
              + "{} bytes on disk (lz4 batches, transaction markers); sequence store {} records for {} bars, value "
              + "bytes per bar mean {} (min {}, max {}, last {}), {} bytes on disk", name, modelBytes.getCount(), updates,
          Math.round(modelBytes.getAverage()), modelBytes.getMin(), modelBytes.getMax(), modelDisk,
          sequenceBytes.getCount(), bars, Math.round(sequenceBytes.getAverage()), sequenceBytes.getMin(),
          sequenceBytes.getMax(), sequenceSizes.get(sequenceSizes.size() - 1), sequenceDisk);
      assertThat(updates).as("updates").isPositive();
      assertThat(modelBytes.getCount()).as("model changelog records").isGreaterThanOrEqualTo(updates);
      // one main record per bar (plus the one or two sequence rows it changed, keyed symbol|r<slot>)
      assertThat(sequenceBytes.getCount()).as("main state records").isEqualTo(bars);
      double perBar = (double) sequenceRecordBytes / bars;
      LOG.info("CHANGELOG {}: sequence store key+value bytes per bar {}", name, Math.round(perBar));
      assertThat(perBar).as("sequence changelog bytes per bar").isLessThanOrEqualTo(1024);
    }
  }

  /** Value sizes of the committed records of {@code topic} (one partition), optionally of one key. */
  private static List<Integer> valueSizes(String topic, String... key) {
    return TopicReader.readToEnd(broker.bootstrapServers(), topic).stream()
        .filter(r -> key.length == 0 || new String(r.key(), java.nio.charset.StandardCharsets.UTF_8).equals(key[0]))
        .map(r -> r.value() == null ? 0 : r.value().length).toList();
  }

  /** Key plus value bytes of all committed records of {@code topic}. */
  private static long recordBytes(String topic) {
    return TopicReader.readToEnd(broker.bootstrapServers(), topic).stream()
        .mapToLong(r -> r.key().length + (r.value() == null ? 0 : r.value().length)).sum();
  }

  private static long diskBytes(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      long total = 0;
      for (Map<String, LogDirDescription> byDir : admin.describeLogDirs(List.of(1)).allDescriptions()
          .get(30, TimeUnit.SECONDS).values()) {
        for (LogDirDescription d : byDir.values()) {
          for (var e : d.replicaInfos().entrySet()) {
            if (e.getKey().topic().equals(topic)) {
              total += e.getValue().size();
            }
          }
        }
      }
      return total;
    }
  }
}
