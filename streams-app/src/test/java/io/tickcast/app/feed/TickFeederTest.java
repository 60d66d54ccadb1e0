package io.tickcast.app.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tickcast.model.domain.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TickFeederTest {

  private static final long T0 = 1_385_337_600_000L;
  private static final Serializer<Tick> TICK_BYTES = (topic, tick) -> new byte[0];
  private static final TickFeeder.ProgressListener IGNORE = (sent, total, lastEventTs) -> {};

  @Test
  void shouldKeyBySymbolAndStampEachRecordWithItsEventTime() {
    // Given three ticks of two symbols
    MockProducer<String, Tick> producer = producer(true);
    List<Tick> ticks =
        List.of(tick("BTCUSD", T0), tick("ETHUSD", T0 + 1_000), tick("BTCUSD", T0 + 2_000));
    // When they are fed as fast as possible
    TickFeeder.Result result =
        new TickFeeder(producer, "ticks", TickFeeder.AS_FAST_AS_POSSIBLE, IGNORE)
            .feed(ticks.iterator(), ticks.size());
    // Then each record carries symbol, tick and event time, in order
    assertThat(producer.history())
        .extracting(ProducerRecord::topic, ProducerRecord::key, ProducerRecord::timestamp)
        .containsExactly(
            tuple("ticks", "BTCUSD", T0),
            tuple("ticks", "ETHUSD", T0 + 1_000),
            tuple("ticks", "BTCUSD", T0 + 2_000));
    assertThat(producer.history()).extracting(ProducerRecord::value).isEqualTo(ticks);
    assertThat(result.sent()).isEqualTo(3);
    assertThat(result.lastEventTs()).isEqualTo(T0 + 2_000);
    assertThat(result.stoppedEarly()).isFalse();
    assertThat(producer.flushed()).isTrue();
  }

  @Test
  void shouldCompressEventTimeBySpeed() {
    // Given ticks spanning 2 s of event time, fed at 5x
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      ticks.add(tick("BTCUSD", T0 + i * 100L));
    }
    // When fed
    TickFeeder.Result result =
        new TickFeeder(producer(true), "ticks", 5.0, IGNORE).feed(ticks.iterator(), -1);
    // Then the replay takes about 2 s / 5 = 400 ms of wall time
    assertThat(result.sent()).isEqualTo(21);
    assertThat(result.elapsed()).isBetween(Duration.ofMillis(380), Duration.ofMillis(2_000));
  }

  @Test
  void shouldNotWaitForTicksWhoseEventTimeGoesBackwards() {
    // Given a tick one hour earlier than the first, at real-time speed
    List<Tick> ticks = List.of(tick("BTCUSD", T0), tick("BTCUSD", T0 - 3_600_000));
    // When fed
    TickFeeder.Result result =
        new TickFeeder(producer(true), "ticks", 1.0, IGNORE).feed(ticks.iterator(), 2);
    // Then both go out at once
    assertThat(result.sent()).isEqualTo(2);
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void shouldReportProgressDuringGapsAndOnceAtTheEnd() {
    // Given a 300 ms gap in event time, real-time speed and a 50 ms progress interval
    List<Tick> ticks = List.of(tick("BTCUSD", T0), tick("BTCUSD", T0 + 300));
    List<long[]> reports = Collections.synchronizedList(new ArrayList<>());
    TickFeeder feeder =
        new TickFeeder(
            producer(true),
            "ticks",
            1.0,
            (sent, total, lastEventTs) -> reports.add(new long[] {sent, total, lastEventTs}),
            Duration.ofMillis(50));
    // When fed
    feeder.feed(ticks.iterator(), 2);
    // Then progress was reported while waiting, and the last report is the final count
    assertThat(reports.size()).isGreaterThanOrEqualTo(3);
    assertThat(reports.get(0)).containsExactly(1, 2, T0);
    assertThat(reports.get(reports.size() - 1)).containsExactly(2, 2, T0 + 300);
  }

  @Test
  void shouldStopWhenAskedFromAnotherThreadAndStillFlush() throws Exception {
    // Given an hour of ticks at real-time speed
    MockProducer<String, Tick> producer = producer(true);
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < 3_600; i++) {
      ticks.add(tick("BTCUSD", T0 + i * 1_000L));
    }
    TickFeeder feeder = new TickFeeder(producer, "ticks", 1.0, IGNORE);
    // When stop() is called 200 ms in
    CompletableFuture<TickFeeder.Result> running =
        CompletableFuture.supplyAsync(() -> feeder.feed(ticks.iterator(), ticks.size()));
    Thread.sleep(200);
    feeder.stop();
    TickFeeder.Result result = running.get(5, TimeUnit.SECONDS);
    // Then the replay ends early, with what was sent flushed
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.sent()).isBetween(1L, 10L);
    assertThat(producer.flushed()).isTrue();
  }

  @Test
  void shouldStopOnInterruptAndKeepTheInterruptFlag() {
    // Given a feeder that would wait an hour between ticks
    List<Tick> ticks = List.of(tick("BTCUSD", T0), tick("BTCUSD", T0 + 3_600_000));
    TickFeeder feeder = new TickFeeder(producer(true), "ticks", 1.0, IGNORE);
    Thread feeding = Thread.currentThread();
    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(feeding::interrupt);
    // When the feeding thread is interrupted
    TickFeeder.Result result = feeder.feed(ticks.iterator(), 2);
    // Then it returns early and the interrupt is still visible to the caller
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.sent()).isEqualTo(1);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void shouldStopAndThrowWhenASendFails() throws Exception {
    // Given a producer whose acknowledgements the test controls, and an endless feed
    MockProducer<String, Tick> producer = producer(false);
    Iterator<Tick> endless =
        new Iterator<>() {
          private long i;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Tick next() {
            return tick("BTCUSD", T0 + i++);
          }
        };
    TickFeeder feeder = new TickFeeder(producer, "ticks", 0, IGNORE);
    CompletableFuture<TickFeeder.Result> running =
        CompletableFuture.supplyAsync(() -> feeder.feed(endless, -1));
    // When the broker rejects a record
    while (!producer.errorNext(new IllegalStateException("broker said no"))) {
      Thread.sleep(1);
    }
    // Then the replay stops and reports the failure
    assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(KafkaException.class)
        .hasRootCauseMessage("broker said no");
  }

  @Test
  void shouldRejectANegativeSpeedAndASecondRun() {
    // Given / When / Then
    assertThatThrownBy(() -> new TickFeeder(producer(true), "ticks", -1, IGNORE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TickFeeder(producer(true), "ticks", Double.NaN, IGNORE))
        .isInstanceOf(IllegalArgumentException.class);
    TickFeeder feeder = new TickFeeder(producer(true), "ticks", Double.POSITIVE_INFINITY, IGNORE);
    feeder.feed(List.of(tick("BTCUSD", T0)).iterator(), 1);
    assertThatThrownBy(() -> feeder.feed(List.<Tick>of().iterator(), 0))
        .isInstanceOf(IllegalStateException.class);
  }

  private static MockProducer<String, Tick> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new StringSerializer(), TICK_BYTES);
  }

  private static Tick tick(String symbol, long tsMs) {
    return new Tick(symbol, tsMs, 800.0, 0.5);
  }
}
