package io.tickcast.app.feed;

import io.tickcast.model.domain.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays historical ticks into a Kafka topic, either compressed in time or as fast as possible.
 *
 * <p>Each tick becomes a record with the symbol as key, the tick as value and the tick's event
 * time ({@link Tick#tsMs()}) as the record timestamp. Event time therefore reaches the broker
 * unchanged, whatever the pacing.
 *
 * <p>Pacing: {@code speed} is event-time milliseconds per wall-clock millisecond. With 600, ten
 * market minutes pass in one wall second. 0 or {@link Double#POSITIVE_INFINITY} sends as fast as
 * the producer accepts records. A paced tick is sent when the wall time since the first tick
 * reaches its event-time offset from the first tick divided by {@code speed}. The schedule is
 * absolute, so sleeping or blocking in the producer causes no drift: a feeder that falls behind
 * sends the overdue ticks at once. A tick whose event time goes backwards is sent immediately.
 *
 * <p>Progress goes to a {@link ProgressListener} about once a second, even during a long gap in
 * the data, and once more at the end. It runs on the feeding thread.
 *
 * <p>Lifecycle: a feeder is single-use. {@link #feed} blocks the calling thread until the ticks
 * run out, {@link #stop()} is called from another thread, or the thread is interrupted. In every
 * case it then {@code flush()}es the producer, so every tick it sent has been acknowledged or has
 * failed. The producer belongs to the caller and stays open. A failed send stops the replay, and
 * {@link #feed} then throws. A replay with holes would produce misleading bars.
 */
public final class TickFeeder {

  private static final Logger log = LoggerFactory.getLogger(TickFeeder.class);

  /** The {@code speed} that disables pacing. */
  public static final double AS_FAST_AS_POSSIBLE = 0;

  private static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

  /** Receives the progress of a replay. */
  @FunctionalInterface
  public interface ProgressListener {

    /**
     * Called about once a second on the feeding thread, and once at the end.
     *
     * @param sent records handed to the producer so far
     * @param total the expected number of ticks, or -1 if unknown
     * @param lastEventTs event time (epoch ms) of the last tick sent, or -1 before the first
     */
    void onProgress(long sent, long total, long lastEventTs);
  }

  /**
   * The outcome of a replay that did not fail.
   *
   * @param sent records sent and acknowledged
   * @param lastEventTs event time (epoch ms) of the last tick sent, or -1 if none was sent
   * @param elapsed wall-clock time of the replay, including the final flush
   * @param stoppedEarly true if {@link #stop()} or an interrupt ended the replay before the
   *     ticks ran out
   */
  public record Result(long sent, long lastEventTs, Duration elapsed, boolean stoppedEarly) {}

  private final Producer<String, Tick> producer;
  private final String topic;
  private final double speed;
  private final ProgressListener progress;
  private final long progressIntervalNanos;

  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicLong failedSends = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  /**
   * Creates a feeder that reports progress about once a second.
   *
   * @param producer the caller's producer. It is flushed but not closed.
   * @param topic the topic to write to
   * @param speed event-time ms per wall ms; 0 or infinity means as fast as possible
   * @param progress receives progress reports; use {@code (s, t, e) -> {}} to ignore them
   */
  public TickFeeder(
      Producer<String, Tick> producer, String topic, double speed, ProgressListener progress) {
    this(producer, topic, speed, progress, DEFAULT_PROGRESS_INTERVAL);
  }

  TickFeeder(
      Producer<String, Tick> producer,
      String topic,
      double speed,
      ProgressListener progress,
      Duration progressInterval) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.progress = Objects.requireNonNull(progress, "progress");
    if (Double.isNaN(speed) || speed < 0) {
      throw new IllegalArgumentException(
          "speed must be >= 0 (0 = as fast as possible), was " + speed);
    }
    if (progressInterval.isNegative() || progressInterval.isZero()) {
      throw new IllegalArgumentException("progress interval must be > 0, was " + progressInterval);
    }
    this.speed = speed;
    this.progressIntervalNanos = progressInterval.toNanos();
  }

  /**
   * Builds a producer for a feeder: {@code acks=all} with idempotence (the client default), and
   * a small linger so a fast replay is batched.
   *
   * @param bootstrapServers the brokers, for example {@code "127.0.0.1:9092"}
   * @param keySerializer serializes the symbol
   * @param valueSerializer serializes the tick
   * @return a new producer, to be closed by the caller
   */
  public static Producer<String, Tick> newProducer(
      String bootstrapServers,
      Serializer<String> keySerializer,
      Serializer<Tick> valueSerializer) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.ACKS_CONFIG, "all",
            // Worth a few ms only when unpaced; a paced replay sends far less often than this.
            ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, keySerializer, valueSerializer);
  }

  /**
   * A listener that logs one INFO line per report: ticks sent, percentage (if the total is
   * known), the send rate since the previous report and the event time reached, for example
   * {@code fed 12000/100000 ticks (12.0%), 4100 ticks/s, event time 2013-11-25T09:12:40Z}.
   *
   * @param logger where to log
   * @return a stateful listener for one replay
   */
  public static ProgressListener loggingProgress(Logger logger) {
    Objects.requireNonNull(logger, "logger");
    return new ProgressListener() {
      private long previousSent;
      private long previousNanos = System.nanoTime();

      @Override
      public void onProgress(long sent, long total, long lastEventTs) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - previousNanos) / 1e9);
        double rate = (sent - previousSent) / seconds;
        previousSent = sent;
        previousNanos = now;
        String eventTime = lastEventTs < 0 ? "-" : Instant.ofEpochMilli(lastEventTs).toString();
        if (total > 0) {
          logger.info(
              "fed {}/{} ticks ({}%), {} ticks/s, event time {}",
              sent,
              total,
              String.format(Locale.ROOT, "%.1f", 100.0 * sent / total),
              Math.round(rate),
              eventTime);
        } else {
          logger.info("fed {} ticks, {} ticks/s, event time {}", sent, Math.round(rate), eventTime);
        }
      }
    };
  }

  /**
   * Sends the ticks, paced by {@code speed}, then flushes the producer.
   *
   * @param ticks the ticks in replay order, normally by event time
   * @param total the number of ticks, for progress reports, or -1 if unknown
   * @return what was sent
   * @throws KafkaException if a send failed, synchronously or on acknowledgement. The replay
   *     stops at the first failure.
   * @throws IllegalStateException if this feeder has been used before
   */
  public Result feed(Iterator<? extends Tick> ticks, long total) {
    Objects.requireNonNull(ticks, "ticks");
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a TickFeeder replays once; create a new one");
    }
    boolean paced = speed > 0 && Double.isFinite(speed);
    log.info(
        "Feeding {} ticks into topic {} {}",
        total >= 0 ? Long.toString(total) : "an unknown number of",
        topic,
        paced ? "at " + speed + "x event time" : "as fast as possible");

    long begin = System.nanoTime();
    long nextReport = begin + progressIntervalNanos;
    long sent = 0;
    long lastEventTs = -1;
    long firstEventTs = 0;
    boolean stoppedEarly = false;
    try {
      while (ticks.hasNext()) {
        if (isStopRequested()) {
          stoppedEarly = true;
          break;
        }
        Tick tick = ticks.next();
        if (paced) {
          if (sent == 0) {
            firstEventTs = tick.tsMs();
          }
          long due = begin + (long) ((tick.tsMs() - firstEventTs) * 1_000_000.0 / speed);
          long reportAfterWait = waitUntil(due, nextReport, sent, total, lastEventTs);
          if (reportAfterWait < 0) {
            stoppedEarly = true;
            break;
          }
          nextReport = reportAfterWait;
        }
        producer.send(
            new ProducerRecord<>(topic, null, tick.tsMs(), tick.symbol(), tick),
            (metadata, exception) -> {
              if (exception != null) {
                recordFailure(exception);
              }
            });
        sent++;
        lastEventTs = tick.tsMs();
        long now = System.nanoTime();
        if (now - nextReport >= 0) {
          progress.onProgress(sent, total, lastEventTs);
          nextReport = now + progressIntervalNanos;
        }
      }
    } catch (InterruptException e) {
      // The producer was interrupted while blocked in send(); it has set the interrupt flag.
      stoppedEarly = true;
    }
    flushKeepingInterrupt();
    progress.onProgress(sent, total, lastEventTs);

    Exception failure = firstFailure.get();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
    if (failure != null) {
      throw new KafkaException(
          "feeding topic " + topic + " failed: " + failedSends.get() + " of " + sent
              + " sends failed; first failure: " + failure,
          failure);
    }
    log.info(
        "Fed {} ticks into topic {} in {} ms{}",
        sent,
        topic,
        elapsed.toMillis(),
        stoppedEarly ? " (stopped early)" : "");
    return new Result(sent, lastEventTs, elapsed, stoppedEarly);
  }

  /**
   * Asks a running {@link #feed} to stop after the current tick and return. Safe to call from any
   * thread, at any time, more than once.
   */
  public void stop() {
    stopRequested.countDown();
  }

  private boolean isStopRequested() {
    return stopRequested.getCount() == 0
        || firstFailure.get() != null
        || Thread.currentThread().isInterrupted();
  }

  /**
   * Sleeps until {@code due}, reporting progress when it falls due meanwhile.
   *
   * @return the next progress deadline, or -1 if a stop, failure or interrupt cut the wait short
   */
  private long waitUntil(long due, long nextReport, long sent, long total, long lastEventTs) {
    long report = nextReport;
    while (true) {
      long now = System.nanoTime();
      if (now - report >= 0) {
        progress.onProgress(sent, total, lastEventTs);
        report = now + progressIntervalNanos;
      }
      if (due - now <= 0) {
        return report;
      }
      try {
        if (stopRequested.await(Math.min(due - now, report - now), TimeUnit.NANOSECONDS)) {
          return -1;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      if (firstFailure.get() != null) {
        return -1;
      }
    }
  }

  private void recordFailure(Exception exception) {
    failedSends.incrementAndGet();
    if (firstFailure.compareAndSet(null, exception)) {
      // Runs on the producer's I/O thread: only record it; the feeding thread stops and throws.
      log.error("Sending a tick to topic {} failed; stopping the replay", topic, exception);
    }
  }

  /**
   * Flushes even when the thread was interrupted, because {@code flush()} would otherwise throw
   * at once and leave the records of the last batch unacknowledged. The interrupt is restored
   * afterwards for the caller to see.
   */
  private void flushKeepingInterrupt() {
    boolean interrupted = Thread.interrupted();
    try {
      producer.flush();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
