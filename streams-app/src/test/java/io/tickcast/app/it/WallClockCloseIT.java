package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.fixtures.Ticks;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TickScript;
import io.tickcast.app.it.support.TopicReader;
import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.model.domain.Bar;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A live feed that stops mid-bar, on a real broker: every symbol's last bar, and its forecast,
 * arrive within grace + {@code bar.idle.timeout} of the bar's end, flagged as wall-clock closed.
 */
class WallClockCloseIT extends BrokerTestBase {

  private static final long BAR_MS = 5_000;
  private static final long GRACE_MS = 2_000;
  private static final long IDLE_MS = 3_000;
  /** Punctuation interval (1 s at most) plus commit interval and consumer poll. */
  private static final long SLACK_MS = 2_000;

  @Test
  void shouldCloseAndForecastEverySymbolsLastBarAfterTheFeedStops() throws Exception {
    String id = PipelineConfig.uniqueId("wallclose");
    Map<String, String> props = new HashMap<>(PipelineConfig.props(id, tmp.resolve(id), 3));
    props.put("bar.size", BAR_MS + "ms");
    props.put("bar.grace", GRACE_MS + "ms");
    props.put("bar.idle.timeout", IDLE_MS + "ms");
    props.put("model.seq.length", "2");
    props.put("model.batch.size", "2");
    AppConfig config = PipelineConfig.config(props);
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    List<String> symbols = TickScript.symbolsOnDistinctPartitions("W", 3, 3);

    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers());
        ForecastCollector forecasts = new ForecastCollector(broker.bootstrapServers(),
            config.topics().forecasts());
        KafkaProducer<String, byte[]> producer = producer()) {
      // Given a live feed (event time = now) of five bars and a bit, stopping mid-bar
      long start = System.currentTimeMillis();
      long lastTs = 0;
      double price = 100;
      while (!(System.currentTimeMillis() - start > 5 * BAR_MS
          && Math.floorMod(System.currentTimeMillis(), BAR_MS) > BAR_MS / 3)) {
        lastTs = System.currentTimeMillis();
        price *= 1 + 0.001 * Math.sin(lastTs / 700.0);
        for (String s : symbols) {
          producer.send(new ProducerRecord<>(config.topics().ticks(), null, lastTs, s,
              Ticks.json(s, lastTs, price, 1.0)));
        }
        producer.flush();
        Thread.sleep(100);
      }
      long lastEnd = lastTs - Math.floorMod(lastTs, BAR_MS) + BAR_MS;

      // When the feed stays quiet, then every symbol's last bar is forecast in time, flagged
      long deadline = lastEnd + GRACE_MS + IDLE_MS + SLACK_MS;
      boolean all = forecasts.await(seen -> symbols.stream().allMatch(s -> seen.stream()
          .anyMatch(f -> f.key().equals(s) && f.forecast().barEndMs() == lastEnd)),
          Duration.ofMillis(deadline - System.currentTimeMillis() + 20_000));
      assertThat(all).as("last bar of every symbol forecast").isTrue();
      List<ForecastCollector.Seen> last = forecasts.snapshot().stream()
          .filter(f -> f.forecast().barEndMs() == lastEnd).toList();
      assertThat(last).hasSize(symbols.size()).allSatisfy(f -> {
        assertThat(f.visibleAtMs()).as("visible by end + grace + idle timeout (+ slack)")
            .isLessThanOrEqualTo(deadline);
        assertThat(f.forecast().wallClockClosed()).isTrue();
      });
      // and the bars topic has the last bars, flagged, before which all bars closed on event time
      List<Bar> bars = TopicReader.readToEnd(broker.bootstrapServers(), config.topics().bars()).stream()
          .map(ConsumerRecord::value).map(JsonCodecs::barFromJson).toList();
      assertThat(bars).filteredOn(b -> b.endMs() == lastEnd).hasSize(symbols.size())
          .allMatch(Bar::wallClockClosed);
      assertThat(bars).filteredOn(b -> b.endMs() < lastEnd - BAR_MS).isNotEmpty()
          .noneMatch(Bar::wallClockClosed);
      assertThat(service.metrics().barsTotal()).isEqualTo(bars.size());
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
        new StringSerializer(), new ByteArraySerializer());
  }
}
