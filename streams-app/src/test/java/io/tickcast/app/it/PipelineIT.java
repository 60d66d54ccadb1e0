package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.TickcastService;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.fixtures.MixedTicks;
import io.tickcast.app.serde.AppSerdes;
import io.tickcast.app.topology.DeadLetters;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end on a real in-JVM KRaft broker, through the production
 * composition root ({@link TickcastService}): ticks for three symbols plus bad ticks in, bars,
 * forecasts and dead letters out, metrics scraped over HTTP.
 */
class PipelineIT extends BrokerTestBase {

  private static final long T0 = Instant.parse("2024-01-02T09:00:00Z").toEpochMilli();
  private static final int SEQ = 8;
  private static final int BATCH = 4;
  private static final int MINUTES = 60;
  private static final List<String> SYMBOLS = List.of("AAA", "BBB", "CCC");



  @Test
  void shouldTurnTicksIntoBarsForecastsAndDeadLetters() throws Exception {
    // Given a pipeline with unique topics and a small model
    String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> props = new HashMap<>();
    props.put("application.id", id);
    props.put("state.dir", tmp.resolve(id).toString());
    props.put("topic.ticks", id + ".ticks");
    props.put("topic.bars", id + ".bars");
    props.put("topic.forecasts", id + ".forecasts");
    props.put("topic.ticks.dlq", id + ".ticks.dlq");
    props.put("topic.bars.dlq", id + ".bars.dlq");
    props.put("topic.partitions", "3");
    props.put("bar.grace", "5s");
    props.put("metrics.port", "0");
    props.put("model.seq.length", Integer.toString(SEQ));
    props.put("model.batch.size", Integer.toString(BATCH));
    props.put("model.hidden.size", "8");
    props.put("status.interval", "2s");
    AppConfig config = AppConfigLoader.fromLayers(props, Map.of());

    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers())) {
      // When ticks for three symbols flow in, with bad ticks interleaved
      Map<String, String> badReasons = MixedTicks.produce(broker.bootstrapServers(),
          config.topics().ticks(), SYMBOLS, T0, MINUTES, 7);

      // Then every symbol gets its bars (all windows but the last, still open one)
      Map<String, List<Bar>> bars = groupBySymbol(consume(config.topics().bars(),
          AppSerdes.bar().deserializer(), all -> all.size() >= SYMBOLS.size() * (MINUTES - 1)), Bar::symbol);
      assertThat(bars).containsOnlyKeys(SYMBOLS);
      bars.values().forEach(list -> assertThat(list).hasSize(MINUTES - 1));

      // and one forecast per bar once SEQ feature rows exist, in bar order, from a learning model
      int expectedPerSymbol = (MINUTES - 1) - SEQ;
      Map<String, List<Forecast>> forecasts = groupBySymbol(consume(config.topics().forecasts(),
          AppSerdes.forecast().deserializer(), all -> all.size() >= SYMBOLS.size() * expectedPerSymbol),
          Forecast::symbol);
      assertThat(forecasts).containsOnlyKeys(SYMBOLS);
      for (String s : SYMBOLS) {
        List<Forecast> fs = forecasts.get(s);
        List<Long> barEnds = bars.get(s).stream().map(Bar::endMs).toList();
        assertThat(fs).extracting(Forecast::barEndMs)
            .as("forecast bar ends of %s", s)
            .containsExactlyElementsOf(barEnds.subList(SEQ, barEnds.size()));
        for (Forecast f : fs) {
          assertThat(f.horizon()).isEqualTo(1);
          assertThat(f.sigma()).isPositive();
          assertThat(f.lastPrice()).isPositive();
          assertThat(f.predictedPrice()).isCloseTo(f.lastPrice() * Math.exp(f.predictedReturn()),
              org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
        assertThat(fs).extracting(Forecast::modelVersion).isSorted();
        Forecast last = fs.get(fs.size() - 1);
        assertThat(last.modelVersion()).as("updates of %s", s).isGreaterThanOrEqualTo(5);
        // every optimizer step trains on BATCH sequences; a head refit (the catch-up after a
        // skill alarm) is a model version without examples (one here, at most two in these bars)
        assertThat(last.trainedExamples()).as("examples of %s", s).isPositive()
            .isLessThanOrEqualTo(last.modelVersion() * BATCH)
            .isGreaterThanOrEqualTo((last.modelVersion() - 2) * BATCH);
        assertThat(last.trainedExamples() % BATCH).isZero();
      }

      // and each bad tick is in the dead-letter topic with its reason and original bytes
      List<ConsumerRecord<String, byte[]>> dead = consume(config.topics().ticksDlq(),
          Serdes.ByteArray().deserializer(), all -> all.size() >= badReasons.size());
      Map<String, String> seen = new TreeMap<>();
      for (ConsumerRecord<String, byte[]> r : dead) {
        seen.put(new String(r.value(), StandardCharsets.UTF_8),
            new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
      }
      assertThat(seen).isEqualTo(new TreeMap<>(badReasons));

      // and the metrics endpoint shows the training loss per symbol and the counters
      String scrape = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String s : SYMBOLS) {
        assertThat(scrape).contains("tickcast_train_loss{symbol=\"" + s + "\"}");
        assertThat(scrape).contains("tickcast_train_updates_total{symbol=\"" + s + "\"}");
      }
      assertThat(scrape).contains("tickcast_ticks_total", "tickcast_bars_total", "tickcast_forecasts_total",
          "tickcast_dlq_records_total{reason=\"malformed_json\"");
      assertThat(service.metrics().dlqTotal()).isEqualTo(badReasons.size());
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  private static <V> List<ConsumerRecord<String, V>> consume(String topic, Deserializer<V> valueDeserializer,
      Predicate<List<ConsumerRecord<String, V>>> done) {
    Map<String, Object> cc = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    try (KafkaConsumer<String, V> c = new KafkaConsumer<>(cc, Serdes.String().deserializer(), valueDeserializer)) {
      c.subscribe(List.of(topic));
      while (!done.test(out) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
      // Drain a little longer: anything beyond the expected count would be a duplicate.
      long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < settle) {
        c.poll(Duration.ofMillis(300)).forEach(out::add);
      }
    }
    return out;
  }

  private static <V> Map<String, List<V>> groupBySymbol(List<ConsumerRecord<String, V>> records,
      java.util.function.Function<V, String> symbol) {
    Map<String, List<V>> by = new TreeMap<>();
    for (ConsumerRecord<String, V> r : records) {
      assertThat(r.key()).isEqualTo(symbol.apply(r.value()));
      by.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
    }
    return by;
  }
}
