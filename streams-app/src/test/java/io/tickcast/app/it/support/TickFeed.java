package io.tickcast.app.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a {@link TickScript} on a background thread, one event-time minute (all symbols) every
 * {@code wallMsPerMinute}, so the pipeline is busy the whole time. Sends are asynchronous and
 * idempotent (acks=all); a broker outage shorter than the delivery timeout (3 min) only delays
 * them.
 */
public final class TickFeed implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final TickScript script;
  private final long wallMsPerMinute;
  private final Thread thread;
  private final List<String> errors = new ArrayList<>();
  private final Set<Integer> holds;
  private final Semaphore releases = new Semaphore(0);
  private volatile int minutesSent;
  private volatile boolean stop;
  private volatile boolean holding;

  private TickFeed(KafkaProducer<String, byte[]> producer, TickScript script, long wallMsPerMinute,
      Set<Integer> holds) {
    this.producer = producer;
    this.script = script;
    this.wallMsPerMinute = wallMsPerMinute;
    this.holds = Set.copyOf(holds);
    this.thread = new Thread(this::run, "it-tick-feed");
    thread.setDaemon(true);
  }

  public static TickFeed start(String bootstrap, TickScript script, long wallMsPerMinute,
      Map<String, Object> producerOverrides) {
    return start(bootstrap, script, wallMsPerMinute, Set.of(), producerOverrides);
  }

  /**
   * Like {@link #start(String, TickScript, long, Map)}, but waits before each minute in {@code
   * holds} (after a flush) until {@link #release()}.
   */
  public static TickFeed start(String bootstrap, TickScript script, long wallMsPerMinute,
      Set<Integer> holds, Map<String, Object> producerOverrides) {
    TickFeed feed = new TickFeed(new KafkaProducer<>(producerProps(bootstrap, producerOverrides),
        new StringSerializer(), new ByteArraySerializer()), script, wallMsPerMinute, holds);
    feed.thread.start();
    return feed;
  }

  /** Lets the feed pass its next hold (now or when it gets there). */
  public void release() {
    releases.release();
  }

  /** Whether the feed has sent and flushed every minute before a hold and is waiting there. */
  public boolean isHolding() {
    return holding;
  }

  /** acks=all, idempotent, patient: 3 min delivery timeout, 3 min max block. */
  public static Map<String, Object> producerProps(String bootstrap, Map<String, Object> overrides) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // See MixedTicks: one request in flight, so a batch refused right after topic creation
    // cannot be overtaken and leave the producer stuck on OUT_OF_ORDER_SEQUENCE_NUMBER.
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
    p.putAll(overrides);
    return p;
  }

  private void run() {
    try {
      for (int m = 0; m < script.minutes() && !stop; m++) {
        if (holds.contains(m)) {
          producer.flush();
          holding = true;
          releases.acquire();
          holding = false;
        }
        long next = System.currentTimeMillis() + wallMsPerMinute;
        for (ProducerRecord<String, byte[]> r : script.minute(m)) {
          producer.send(r, (meta, e) -> {
            if (e != null) {
              synchronized (errors) {
                errors.add(r.key() + ": " + e);
              }
            }
          });
        }
        minutesSent = m + 1;
        long sleep = next - System.currentTimeMillis();
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Minutes of the script handed to the producer so far. */
  public int minutesSent() {
    return minutesSent;
  }

  /** Waits until every minute was sent and acknowledged; throws on a send error. */
  public void awaitDone(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("tick feed not done after " + timeout + " (" + minutesSent
          + " minutes sent)");
    }
    synchronized (errors) {
      if (!errors.isEmpty()) {
        throw new IllegalStateException(errors.size() + " ticks not delivered, first: " + errors.get(0));
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    releases.release(holds.size());
    thread.join(10_000);
    producer.close(Duration.ofSeconds(10));
  }
}
