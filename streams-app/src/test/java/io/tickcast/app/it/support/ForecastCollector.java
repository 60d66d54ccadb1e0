package io.tickcast.app.it.support;

import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.model.domain.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Tails the forecasts topic (read_committed, all partitions, no group) on a background thread and
 * remembers each forecast with the wall-clock time it became visible, for completeness checks
 * and for timing a failover.
 */
public final class ForecastCollector implements AutoCloseable {

  /** One committed forecast as seen by the collector. */
  public record Seen(int partition, long offset, long visibleAtMs, String key, Forecast forecast) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final List<Seen> seen = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();
  private volatile boolean running = true;

  public ForecastCollector(String bootstrap, String topic) {
    consumer = new KafkaConsumer<>(TopicReader.consumerProps(bootstrap), new StringDeserializer(),
        new ByteArrayDeserializer());
    List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    thread = new Thread(this::run, "it-forecast-collector");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          synchronized (this) {
            try {
              seen.add(new Seen(r.partition(), r.offset(), now, r.key(),
                  JsonCodecs.forecastFromJson(r.value())));
            } catch (RuntimeException e) {
              unreadable.add(r.partition() + "@" + r.offset() + ": " + e.getMessage());
            }
          }
        }
      }
    } catch (WakeupException e) {
      // close()
    } finally {
      consumer.close();
    }
  }

  public synchronized List<Seen> snapshot() {
    return List.copyOf(seen);
  }

  public synchronized List<String> unreadable() {
    return List.copyOf(unreadable);
  }

  public synchronized int count() {
    return seen.size();
  }

  /** Waits until {@code done} holds for the forecasts seen so far; false on timeout. */
  public boolean await(Predicate<List<Seen>> done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.test(snapshot())) {
        return true;
      }
      Thread.sleep(100);
    }
    return done.test(snapshot());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }

  /** Seen forecasts per symbol, in partition offset order. */
  public static Map<String, List<Seen>> bySymbol(List<Seen> all) {
    Map<String, List<Seen>> out = new TreeMap<>();
    for (Seen s : all) {
      out.computeIfAbsent(s.forecast().symbol(), k -> new ArrayList<>()).add(s);
    }
    out.values().forEach(l -> l.sort((a, b) -> Long.compare(a.offset(), b.offset())));
    return out;
  }
}
