package io.tickcast.app.export;

import io.tickcast.app.topology.ForecastTopology;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.pipeline.MapStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one symbol's latest committed records from an instance's two changelog topics
 * ({@code <application.id>-symbol-models-changelog} and
 * {@code <application.id>-symbol-sequences-changelog}), {@code isolation.level=read_committed},
 * from the beginning to the end offsets at the time of the call. The store's key layout: the
 * model and the main state record under the symbol, sequence rows under {@code symbol|r<slot>}.
 * Not thread-safe; each call uses its own consumer.
 */
public final class ChangelogReader {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private ChangelogReader() {}

  /** The symbol's model record (or null) and per-bar records (relative keys). */
  public record Records(byte[] model, MapStateStore state) {}

  /** Changelog topic of a store of {@code applicationId}. */
  public static String changelog(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  public static Records read(String bootstrapServers, String applicationId, String symbol) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    byte[][] model = new byte[1][];
    MapStateStore state = new MapStateStore();
    String prefix = symbol + "|";
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      String models = changelog(applicationId, ForecastTopology.MODEL_STORE);
      String sequences = changelog(applicationId, ForecastTopology.SEQUENCE_STORE);
      List<TopicPartition> parts = new ArrayList<>();
      for (String topic : List.of(models, sequences)) {
        for (PartitionInfo p : c.partitionsFor(topic, TIMEOUT)) {
          parts.add(new TopicPartition(topic, p.partition()));
        }
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!caughtUp(c, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("changelogs of " + applicationId
              + " not read to their end within " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
          String key = new String(r.key(), StandardCharsets.UTF_8);
          if (r.topic().equals(models)) {
            if (key.equals(symbol)) {
              model[0] = r.value();
            }
          } else if (key.equals(symbol)) {
            state.put(SymbolForecaster.MAIN_KEY, r.value());
          } else if (key.startsWith(prefix)) {
            state.put(key.substring(prefix.length()), r.value());
          }
        }
      }
    }
    return new Records(model[0], state);
  }

  private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
