package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.TickcastService;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.fixtures.Ticks;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.Reliability;
import io.tickcast.app.it.support.Scrape;
import io.tickcast.app.it.support.StateWatcher;
import io.tickcast.app.it.support.TickFeed;
import io.tickcast.app.it.support.TickScript;
import io.tickcast.app.it.support.TopicReader;
import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.app.topology.DeadLetters;
import io.tickcast.model.domain.Bar;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A corpus of bad records, one per kind, interleaved with a valid tick stream on a real broker:
 * each must land on its dead-letter topic exactly once, with the exact reason code and its
 * original key and value bytes, be counted under that reason on {@code /metrics}, and leave the
 * good ticks, bars and forecasts exactly as without it. The same for bad records written directly
 * to {@code bars}, next to valid user bars that must still be forecast.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BadInputCorpusIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(BadInputCorpusIT.class);

  private static final int MINUTES = 20;
  private static final int TICKS_PER_BAR = 3;
  private static final long T0 = TickScript.T0;
  private static final long MIN = TickScript.BAR_MS;
  private static final String SYM = "AAA";
  private static final String DIRECT = "DIRECT";
  private static final int DIRECT_BARS = 16;



  /** One bad record: what it is, its exact key and value, the reason it must be dead-lettered with. */
  record Bad(String kind, String key, byte[] value, String reason, int minute) {}

  @Test
  void shouldDeadLetterEachKindOfBadInputOnceWithItsReasonAndOriginalBytes() throws Exception {
    // Given a running pipeline, a valid tick stream for two symbols and a corpus of bad records
    String id = PipelineConfig.uniqueId("badinput");
    AppConfig config = PipelineConfig.config(PipelineConfig.props(id, tmp.resolve(id), 3));
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    TickScript script = new TickScript(config.topics().ticks(), List.of(SYM, "BBB"), MINUTES, TICKS_PER_BAR, 3);
    List<Bad> badTicks = badTicks(script);
    List<Bad> badBars = badBars();

    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers());
        StateWatcher watcher = new StateWatcher(service.streams());
        ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(), config.topics().forecasts())) {
      // When the valid ticks and user bars are sent with the bad records in between
      send(config, script, badTicks, badBars);

      int expectedForecasts = 2 * script.expectedForecastBarEnds(PipelineConfig.SEQ).size()
          + (DIRECT_BARS - PipelineConfig.SEQ);
      boolean complete = collector.await(seen -> seen.size() >= expectedForecasts, Duration.ofSeconds(120));
      List<ConsumerRecord<byte[], byte[]>> tickDlq = awaitRecords(config.topics().ticksDlq(), badTicks.size());
      List<ConsumerRecord<byte[], byte[]>> barDlq = awaitRecords(config.topics().barsDlq(), badBars.size());
      Thread.sleep(2_000); // anything arriving now would be a duplicate
      tickDlq = TopicReader.readToEnd(broker.bootstrapServers(), config.topics().ticksDlq());
      barDlq = TopicReader.readToEnd(broker.bootstrapServers(), config.topics().barsDlq());
      LOG.info("forecasts complete: {}; {} tick and {} bar dead letters", complete, tickDlq.size(), barDlq.size());

      // Then each bad record is dead-lettered exactly once, with its reason and its original bytes
      SoftAssertions softly = new SoftAssertions();
      assertDeadLetters(softly, badTicks, tickDlq, config.topics().ticks());
      assertDeadLetters(softly, badBars, barDlq, config.topics().bars());

      // and /metrics counts them by reason, and counts exactly the good ticks
      Scrape scrape = awaitMetrics(service, config, badTicks, badBars, script);
      assertCounters(softly, scrape, config.topics().ticksDlq(), badTicks);
      assertCounters(softly, scrape, config.topics().barsDlq(), badBars);
      long goodTicks = (long) script.symbols().size() * MINUTES * TICKS_PER_BAR;
      softly.assertThat(scrape.value("tickcast_ticks_total")).as("tickcast_ticks_total")
          .isEqualTo(goodTicks + badTicks.size());
      softly.assertThat(scrape.value("tickcast_ticks_valid_total")).as("tickcast_ticks_valid_total")
          .isEqualTo(goodTicks);
      softly.assertThat(scrape.sum("tickcast_bars_stale_total", Map.of("symbol", DIRECT)))
          .as("re-sent user bar counted stale").isEqualTo(1.0);
      softly.assertAll();

      // and the good ticks made exactly the bars and forecasts they make without bad input
      long ticksInClosedBars = TopicReader.readToEnd(broker.bootstrapServers(), config.topics().bars()).stream()
          .filter(r -> r.key() != null && script.symbols().contains(text(r.key())))
          .map(r -> JsonCodecs.barFromJson(r.value())).mapToLong(Bar::ticks).sum();
      assertThat(ticksInClosedBars).as("sum of the ticks fields of the emitted bars")
          .isEqualTo((long) script.symbols().size() * (MINUTES - 1) * TICKS_PER_BAR);
      List<ForecastCollector.Seen> seen = collector.snapshot();
      Reliability.assertBarsAndForecasts(broker.bootstrapServers(), config, script,
          seen.stream().filter(s -> !s.forecast().symbol().equals(DIRECT)).toList());
      List<Long> directEnds = seen.stream().filter(s -> s.forecast().symbol().equals(DIRECT))
          .map(s -> s.forecast().barEndMs()).toList();
      List<Long> expectedDirect = new ArrayList<>();
      for (int m = PipelineConfig.SEQ; m < DIRECT_BARS; m++) {
        expectedDirect.add(T0 + (m + 1) * MIN);
      }
      assertThat(directEnds).as("forecasts of the bars written directly to bars").isEqualTo(expectedDirect);

      // and the application never failed
      assertThat(watcher.history()).as("Kafka Streams states").doesNotContain(
          KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
      assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(scrape.value("tickcast_streams_uncaught_total")).as("dead stream threads").isZero();
    }
  }

  /** Sends minute by minute: the valid ticks of the minute, then the bad records scheduled there. */
  private static void send(AppConfig config, TickScript script, List<Bad> badTicks, List<Bad> badBars) {
    Map<Integer, List<Bad>> ticksAt = badTicks.stream().collect(Collectors.groupingBy(Bad::minute));
    Map<Integer, List<Bad>> barsAt = badBars.stream().collect(Collectors.groupingBy(Bad::minute));
    List<ProducerRecord<String, byte[]>> directBars = directBars(config.topics().bars());
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(TickFeed.producerProps(broker.bootstrapServers(),
        Map.of()), new StringSerializer(), new ByteArraySerializer())) {
      for (int m = 0; m < MINUTES; m++) {
        script.minute(m).forEach(p::send);
        for (Bad b : ticksAt.getOrDefault(m, List.of())) {
          p.send(new ProducerRecord<>(config.topics().ticks(), b.key(), b.value()));
        }
        if (m < DIRECT_BARS) {
          p.send(directBars.get(m));
        }
        if (m == 12) {
          p.send(directBars.get(10)); // a re-sent (stale) user bar: ignored, not dead-lettered
        }
        for (Bad b : barsAt.getOrDefault(m, List.of())) {
          p.send(new ProducerRecord<>(config.topics().bars(), b.key(), b.value()));
        }
      }
      p.flush();
    }
  }

  private static List<Bad> badTicks(TickScript script) {
    long ts = T0 + 5 * MIN + 30_000;
    String ok = ",\"ts\":" + ts + ",\"price\":101.5,\"size\":1.0}";
    byte[] junk = new byte[64];
    new Random(13).nextBytes(junk);
    junk[0] = (byte) 0xFF; // never valid UTF-8
    byte[] notUtf8 = concat(Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":1.0,\"size\":1.0,\"x\":\""),
        new byte[] {(byte) 0xC3, 0x28}, Ticks.raw("\"}"));
    String longSymbol = "L".repeat(100);
    String absurdSymbol = "X".repeat(10_000);
    String padding = "p".repeat(5_000);
    // The duplicate repeats the first tick of minute 6 (AAA), right after it.
    ProducerRecord<String, byte[]> original = script.minute(6).get(0);
    List<Bad> b = new ArrayList<>();
    b.add(bad("malformed JSON (truncated)", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":"), "malformed_json", 5));
    b.add(bad("trailing garbage after the object", SYM, Ticks.raw("{\"symbol\":\"AAA\"" + ok + " trailing"), "malformed_json", 5));
    b.add(bad("JSON array instead of an object", SYM, Ticks.raw("[1,2,3]"), "malformed_json", 5));
    b.add(bad("binary junk", SYM, junk, "malformed_json", 5));
    b.add(bad("invalid UTF-8 inside JSON", SYM, notUtf8, "malformed_json", 5));
    b.add(bad("empty value", SYM, new byte[0], "empty_value", 5));
    b.add(bad("null value (tombstone)", SYM, null, "empty_value", 5));
    b.add(bad("missing field (price)", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"size\":2.0}"), "missing_field", 5));
    b.add(bad("blank symbol", SYM, Ticks.raw("{\"symbol\":\"  \"" + ok), "missing_field", 5));
    b.add(bad("wrong type: price as string", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":\"101.5\",\"size\":1.0}"), "wrong_type", 5));
    b.add(bad("wrong type: ts not a time", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":\"yesterday\",\"price\":101.5,\"size\":1.0}"), "wrong_type", 5));
    b.add(bad("wrong type: symbol as number", "42", Ticks.raw("{\"symbol\":42" + ok), "wrong_type", 5));
    b.add(bad("NaN price", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":NaN,\"size\":1.0}"), "non_finite", 7));
    b.add(bad("Infinity price", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":Infinity,\"size\":1.0}"), "non_finite", 7));
    b.add(bad("-Infinity size", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":101.5,\"size\":-Infinity}"), "non_finite", 7));
    b.add(bad("number overflowing double (1e400)", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":1e400,\"size\":1.0}"), "non_finite", 7));
    b.add(bad("zero price", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":0,\"size\":1.0}"), "non_positive_price", 7));
    b.add(bad("negative price", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":-3.25,\"size\":1.0}"), "non_positive_price", 7));
    b.add(bad("size 1e308 (a bar's volume would overflow)", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":101.5,\"size\":1e308}"), "value_out_of_range", 7));
    b.add(bad("negative size", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":101.5,\"size\":-0.5}"), "negative_size", 7));
    b.add(bad("timestamp before 1970", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":-1000,\"price\":101.5,\"size\":1.0}"), "timestamp_out_of_range", 8));
    long future = System.currentTimeMillis() + 30L * 86_400_000L;
    b.add(bad("timestamp 30 days in the future", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + future + ",\"price\":101.5,\"size\":1.0}"), "timestamp_out_of_range", 8));
    b.add(bad("key different from symbol", "BBB", Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + (ts + 1) + ",\"price\":101.5,\"size\":1.0}"), "key_mismatch", 8));
    b.add(bad("no key", null, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + (ts + 2) + ",\"price\":101.5,\"size\":1.0}"), "key_mismatch", 8));
    b.add(bad("symbol of 100 characters", longSymbol, Ticks.raw("{\"symbol\":\"" + longSymbol + "\"" + ok), "symbol_too_long", 8));
    b.add(bad("symbol holding a store-key separator (AAA's sequence row 0)", "AAA|r0",
        Ticks.raw("{\"symbol\":\"AAA|r0\"" + ok), "invalid_symbol", 8));
    // 10,000 characters make the record larger than tick.max.bytes, which is checked first.
    b.add(bad("absurdly long symbol (10,000 characters)", absurdSymbol, Ticks.raw("{\"symbol\":\"" + absurdSymbol + "\"" + ok), "oversized", 8));
    b.add(bad("oversized record (> 4096 bytes)", SYM, Ticks.raw("{\"symbol\":\"AAA\",\"ts\":" + ts + ",\"price\":101.5,\"size\":1.0,\"pad\":\"" + padding + "\"}"), "oversized", 8));
    b.add(bad("duplicate of a valid tick", original.key(), original.value(), "duplicate", 6));
    // Sent at minute 12, stream time is past minute 0's bar end + grace.
    b.add(bad("late tick (its bar closed)", SYM, Ticks.json(SYM, T0 + 20_000, 99.5, 0.75), "late", 12));
    return b;
  }

  private static List<Bad> badBars() {
    long s = T0 + 4 * MIN;
    byte[] junk = new byte[48];
    new Random(17).nextBytes(junk);
    junk[0] = (byte) 0xFF;
    List<Bad> b = new ArrayList<>();
    b.add(bad("bar: malformed JSON", DIRECT, Ticks.raw("{\"symbol\":\"DIRECT\",\"start\":" + s + ",\"end\":"), "invalid_bar", 4));
    b.add(bad("bar: binary junk", DIRECT, junk, "invalid_bar", 4));
    b.add(bad("bar: high < low", DIRECT, barJson(DIRECT, s, s + MIN, "10", "9", "11", "10"), "invalid_bar", 4));
    b.add(bad("bar: close not a number", DIRECT, barJson(DIRECT, s, s + MIN, "10", "11", "9", "\"x\""), "invalid_bar", 4));
    b.add(bad("bar: NaN close", DIRECT, barJson(DIRECT, s, s + MIN, "10", "11", "9", "NaN"), "invalid_bar", 5));
    b.add(bad("bar: missing open", DIRECT, Ticks.raw("{\"symbol\":\"DIRECT\",\"start\":" + s + ",\"end\":" + (s + MIN)
        + ",\"high\":11,\"low\":9,\"close\":10}"), "invalid_bar", 5));
    b.add(bad("bar: end before start", DIRECT, barJson(DIRECT, s + MIN, s, "10", "11", "9", "10"), "invalid_bar", 5));
    b.add(bad("bar: key different from symbol", "OTHER", barJson(DIRECT, s, s + MIN, "10", "11", "9", "10.5"), "key_mismatch", 5));
    String longSymbol = "L".repeat(100);
    b.add(bad("bar: symbol of 100 characters", longSymbol, barJson(longSymbol, s, s + MIN, "10", "11", "9", "10"),
        "symbol_too_long", 5));
    b.add(bad("bar: symbol holding a store-key separator", DIRECT + "|r0",
        barJson(DIRECT + "|r0", s, s + MIN, "10", "11", "9", "10"), "invalid_symbol", 5));
    b.add(bad("bar: high of 1e31", DIRECT, barJson(DIRECT, s, s + MIN, "10", "1e31", "9", "10"),
        "value_out_of_range", 5));
    long future = System.currentTimeMillis() + 365L * 86_400_000L;
    // accepted, it would make every later DIRECT bar stale
    b.add(bad("bar: a year in the future", DIRECT, barJson(DIRECT, future, future + MIN, "10", "11", "9", "10"),
        "timestamp_out_of_range", 5));
    b.add(bad("bar: empty value", DIRECT, new byte[0], "empty_value", 6));
    b.add(bad("bar: null value (tombstone)", DIRECT, null, "empty_value", 6));
    return b;
  }

  /** Valid user bars of DIRECT, one per minute, a seeded random walk. */
  private static List<ProducerRecord<String, byte[]>> directBars(String topic) {
    Random rnd = new Random(5);
    double close = 40.0;
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (int m = 0; m < DIRECT_BARS; m++) {
      double open = close;
      close = open * Math.exp(0.003 * rnd.nextGaussian());
      double high = Math.max(open, close) * 1.001;
      double low = Math.min(open, close) * 0.999;
      out.add(new ProducerRecord<>(topic, DIRECT, JsonCodecs.barToJson(new Bar(DIRECT, T0 + m * MIN,
          T0 + (m + 1) * MIN, open, high, low, close, 10.0 + m, (open + close) / 2, 5))));
    }
    return out;
  }

  private static byte[] barJson(String symbol, long start, long end, String o, String h, String l, String c) {
    return Ticks.raw(String.format(Locale.ROOT,
        "{\"symbol\":\"%s\",\"start\":%d,\"end\":%d,\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s}",
        symbol, start, end, o, h, l, c));
  }

  private static Bad bad(String kind, String key, byte[] value, String reason, int minute) {
    return new Bad(kind, key, value, reason, minute);
  }

  private static byte[] concat(byte[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readToEnd(broker.bootstrapServers(), topic);
    while (records.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      records = TopicReader.readToEnd(broker.bootstrapServers(), topic);
    }
    return records;
  }

  /** Per kind: exactly one dead letter with the same key and value bytes, the reason and the source. */
  private static void assertDeadLetters(SoftAssertions softly, List<Bad> corpus,
      List<ConsumerRecord<byte[], byte[]>> dlq, String sourceTopic) {
    List<ConsumerRecord<byte[], byte[]>> unmatched = new ArrayList<>(dlq);
    for (Bad bad : corpus) {
      List<ConsumerRecord<byte[], byte[]>> matches = dlq.stream()
          .filter(r -> Objects.equals(text(r.key()), bad.key()) && Arrays.equals(r.value(), bad.value()))
          .toList();
      unmatched.removeAll(matches);
      softly.assertThat(matches).as("dead letters of kind '%s' (expected exactly one, original bytes)", bad.kind())
          .hasSize(1);
      if (matches.size() == 1) {
        ConsumerRecord<byte[], byte[]> r = matches.get(0);
        softly.assertThat(Reliability.header(r, DeadLetters.REASON)).as("reason of kind '%s' (detail: %s)",
            bad.kind(), Reliability.header(r, DeadLetters.DETAIL)).isEqualTo(bad.reason());
        softly.assertThat(Reliability.header(r, DeadLetters.SOURCE_TOPIC)).as("source topic of kind '%s'", bad.kind())
            .isEqualTo(sourceTopic);
        softly.assertThat(Long.parseLong(Reliability.header(r, DeadLetters.SOURCE_OFFSET)))
            .as("source offset of kind '%s'", bad.kind()).isNotNegative();
      }
    }
    softly.assertThat(unmatched.stream().map(r -> Reliability.header(r, DeadLetters.REASON) + ": "
        + abbreviate(r.value())).toList()).as("dead letters on %s matching no bad input", sourceTopic).isEmpty();
  }

  private static void assertCounters(SoftAssertions softly, Scrape scrape, String dlqTopic, List<Bad> corpus) {
    Map<String, Long> expected = corpus.stream().collect(Collectors.groupingBy(Bad::reason, TreeMap::new,
        Collectors.counting()));
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      softly.assertThat(scrape.value("tickcast_dlq_records_total", Map.of("reason", e.getKey(), "topic", dlqTopic)))
          .as("tickcast_dlq_records_total{reason=\"%s\",topic=\"%s\"} (kinds %s)", e.getKey(), dlqTopic,
              corpus.stream().filter(b -> b.reason().equals(e.getKey())).map(Bad::kind).toList())
          .isEqualTo(e.getValue().doubleValue());
    }
    softly.assertThat(scrape.sum("tickcast_dlq_records_total", Map.of("topic", dlqTopic)))
        .as("all dead letters counted for %s: %s", dlqTopic, scrape.seriesOf("tickcast_dlq_records_total"))
        .isEqualTo((double) corpus.size());
  }

  /** Scrapes until the counters have caught up with the output (they are updated before the commit). */
  private static Scrape awaitMetrics(TickcastService service, AppConfig config, List<Bad> badTicks,
      List<Bad> badBars, TickScript script) throws Exception {
    double want = (double) script.symbols().size() * MINUTES * TICKS_PER_BAR + badTicks.size();
    long deadline = System.currentTimeMillis() + 10_000;
    Scrape s = Scrape.of(service.httpPort());
    while (System.currentTimeMillis() < deadline && (s.value("tickcast_ticks_total") < want
        || s.sum("tickcast_dlq_records_total", Map.of()) < badTicks.size() + badBars.size())) {
      Thread.sleep(200);
      s = Scrape.of(service.httpPort());
    }
    return s;
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static String abbreviate(byte[] v) {
    if (v == null) {
      return "null";
    }
    String t = new String(v, StandardCharsets.UTF_8);
    return t.length() > 80 ? t.substring(0, 80) + "..." : t;
  }
}
