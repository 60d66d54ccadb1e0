package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.TickcastService;
import io.tickcast.app.it.support.BarFeed;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TopicReader;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the model state costs on the changelogs: value bytes of each record of the model
 * store ({@code <application.id>-symbol-models-changelog}, one record per optimizer update) and of
 * the sequence store (one record per bar), for the small test model and for the default size, and
 * what a long (option) symbol adds to the per-bar bytes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChangelogSizeIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChangelogSizeIT.class);
  private static final String SYMBOL = "CLOG";
  /** An OCC option symbol: root padded to 6, expiry yymmdd, call/put, strike x 1000. */
  private static final String OPTION = "SPY   261218C00600000";

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
    // When one symbol's bars are written to bars
    Run run = Run.of(model, List.of(SYMBOL), bars);
    AppConfig config = run.config();

    // Then the model changelog holds one record per optimizer step, the sequence changelog one per bar
    List<ForecastCollector.Seen> seen = run.seen();
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

  @Test
  void shouldCarryALongSymbolOnlyInTheChangelogKeys() throws Exception {
    // Given the small model's pipeline in steady state (past the ring's capacity)
    // When a 4-character symbol and a 21-character option symbol get the same number of bars
    int bars = 400;
    Run run = Run.of(Map.of("model.seq.length", "8", "model.hidden.size", "8", "model.batch.size", "4"),
        List.of(SYMBOL, OPTION), bars);

    // Then the two symbols' state records are the same value bytes (the main record holds the symbol as a
    // 4-byte hash), so the longer symbol costs only its keys' bytes: 17 more in each record's key
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicReader.readToEnd(broker.bootstrapServers(), PipelineConfig.sequenceChangelog(run.config()));
    Bytes ticker = Bytes.of(records, SYMBOL);
    Bytes option = Bytes.of(records, OPTION);
    LOG.info("CHANGELOG T=8 H=8 B=4, symbol length {}: {} records, key+value bytes per bar {} (values {}, main "
            + "record {})", SYMBOL.length(), ticker.records, Math.round((double) ticker.total() / bars),
        Math.round((double) ticker.values / bars), ticker.lastMain);
    LOG.info("CHANGELOG T=8 H=8 B=4, symbol length {}: {} records, key+value bytes per bar {} (values {}, main "
            + "record {})", OPTION.length(), option.records, Math.round((double) option.total() / bars),
        Math.round((double) option.values / bars), option.lastMain);
    assertThat(option.records).isEqualTo(ticker.records).isGreaterThanOrEqualTo(bars);
    assertThat(option.lastMain).as("main record value bytes").isEqualTo(ticker.lastMain);
    assertThat(option.values).as("value bytes").isEqualTo(ticker.values);
    assertThat(option.keys - ticker.keys).isEqualTo((long) (OPTION.length() - SYMBOL.length()) * ticker.records);
    assertThat((double) ticker.total() / bars).as("key+value bytes per bar").isLessThanOrEqualTo(1024);
  }

  /** One symbol's records of the sequence changelog (key {@code symbol} or {@code symbol|part}). */
  private record Bytes(long records, long keys, long values, int lastMain) {

    static Bytes of(List<ConsumerRecord<byte[], byte[]>> records, String symbol) {
      long n = 0;
      long keys = 0;
      long values = 0;
      int lastMain = -1;
      for (ConsumerRecord<byte[], byte[]> r : records) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (!key.equals(symbol) && !key.startsWith(symbol + "|")) {
          continue;
        }
        int value = r.value() == null ? 0 : r.value().length;
        n++;
        keys += r.key().length;
        values += value;
        if (key.equals(symbol)) {
          lastMain = value;
        }
      }
      return new Bytes(n, keys, values, lastMain);
    }

    long total() {
      return keys + values;
    }
  }

  /** A pipeline that was fed {@code bars} bars of each symbol and forecast all it could. */
  private record Run(AppConfig config, List<ForecastCollector.Seen> seen) {

    static Run of(Map<String, String> model, List<String> symbols, int bars) throws Exception {
      String id = PipelineConfig.uniqueId("changelog");
      Map<String, String> props = new HashMap<>(PipelineConfig.props(id, tmp.resolve(id), 1));
      props.putAll(model);
      AppConfig config = PipelineConfig.config(props);
      PipelineConfig.createTopics(config, broker.bootstrapServers());
      try (TickcastService service = TickcastService.start(config, broker.bootstrapServers());
          ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(), config.topics().forecasts())) {
        BarFeed.write(broker.bootstrapServers(), config.topics().bars(), symbols, bars, 29);
        int expected = symbols.size() * (bars - config.model().seqLength());
        assertThat(collector.await(s -> s.size() >= expected, Duration.ofSeconds(120)))
            .as("forecasts of %d bars", bars).isTrue();
        Thread.sleep(1_000);
        return new Run(config, collector.snapshot());
      }
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
