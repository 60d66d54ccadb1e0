package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.TickcastService;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.ChildInstance;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.ForecastCollector.Seen;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.Reliability;
import io.tickcast.app.it.support.Scrape;
import io.tickcast.app.it.support.StateWatcher;
import io.tickcast.app.it.support.TickFeed;
import io.tickcast.app.it.support.TickScript;
import io.tickcast.app.it.support.Tasks;
import io.tickcast.app.it.support.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances share one application id; one runs in a child JVM and is SIGKILLed while ticks
 * flow. The survivor must take over its tasks, restore the models from the changelogs and finish
 * the stream: every bar's forecast exactly once (read_committed), model versions never going
 * back. Logs the failover time, from the kill to the first forecast the survivor publishes on a
 * partition the killed instance owned.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FailoverIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);

  private static final int PARTITIONS = 6;
  /**
   * Tasks per partition: one, since the forecaster takes the bars it builds directly, ticks and
   * bars are one sub-topology (0) whose task i owns partition i of every topic.
   */
  private static final int TASKS = PARTITIONS;
  private static final int MINUTES = 50;
  private static final int TICKS_PER_BAR = 3;
  /** Ticks pace: one event-time minute of all symbols per this many wall ms. */
  private static final long WALL_MS_PER_MINUTE = 400;
  /** The feed waits before this minute until A is killed, so ticks keep coming after the kill. */
  private static final int HOLD_AT = 35;



  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("defaults", 0, Map.of()),
        Arguments.of("standby-1-session-10s", 1, Map.of("kafka.session.timeout.ms", "10000",
            "kafka.heartbeat.interval.ms", "2000")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void shouldFailOverToTheSurvivorWithoutLosingOrDuplicatingForecasts(String variant, int standbys,
      Map<String, String> overrides) throws Exception {
    // Given two instances of one application, A in a child JVM and B in this one, sharing the work
    String id = PipelineConfig.uniqueId("failover");
    List<String> symbols = TickScript.symbolsOnDistinctPartitions("SYM", PARTITIONS, PARTITIONS);
    Map<String, String> propsA = instanceProps(id, "a", standbys, overrides);
    Map<String, String> propsB = instanceProps(id, "b", standbys, overrides);
    AppConfig config = PipelineConfig.config(propsB);
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    Path childLog = Path.of("target", "it-logs", id + "-child-a.log");
    TickScript script = new TickScript(config.topics().ticks(), symbols, MINUTES, TICKS_PER_BAR, 11);
    int expected = symbols.size() * script.expectedForecastBarEnds(PipelineConfig.SEQ).size();

    try (ChildInstance a = ChildInstance.start(
            PipelineConfig.write(propsA, tmp.resolve(id + "-a.properties")), childLog, List.of("-Xmx1g"));
        TickcastService b = TickcastService.start(config, broker.bootstrapServers());
        StateWatcher watcher = new StateWatcher(b.streams())) {
      a.awaitState("RUNNING", Duration.ofSeconds(120));
      awaitBalanced(a, b.streams());
      Set<String> tasksA = a.activeTasks();
      Set<String> tasksB = Tasks.active(b.streams());
      Set<Integer> forecastPartitionsA = Tasks.forecastPartitions(tasksA);
      LOG.info("[{}] child A (pid {}) tasks {}, survivor B tasks {}; A publishes forecasts of partitions {}",
          variant, a.pid(), tasksA, tasksB, forecastPartitionsA);
      assertThat(forecastPartitionsA).as("forecast partitions of A").isNotEmpty();

      try (ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(),
              config.topics().forecasts());
          TickFeed feed = TickFeed.start(broker.bootstrapServers(), script, WALL_MS_PER_MINUTE, Set.of(HOLD_AT),
              Map.of())) {
        // When A has published forecasts for each of its symbols and is SIGKILLed mid-stream
        boolean aPublished = collector.await(seen -> forecastPartitionsA.stream().allMatch(p ->
            seen.stream().filter(s -> s.partition() == p).count() >= 3), Duration.ofSeconds(150));
        assertThat(aPublished).as("A published forecasts before the kill").isTrue();
        long byA = collector.snapshot().stream().filter(s -> forecastPartitionsA.contains(s.partition())).count();
        int minutesSent = feed.minutesSent();
        long killedAt = System.currentTimeMillis();
        int exit = a.kill();
        Map<TopicPartition, Long> committedByA =
            TopicReader.lastStableOffsets(broker.bootstrapServers(), config.topics().forecasts());
        feed.release();
        LOG.info("[{}] SIGKILLed A (pid {}, exit {}) after it published {} of its {} forecasts; {} of {} minutes "
                + "of ticks sent, the rest keep coming; last stable offsets {}", variant, a.pid(), exit, byA,
            expected * forecastPartitionsA.size() / PARTITIONS, minutesSent, MINUTES, committedByA);
        assertThat(exit).as("exit status of the killed child").isEqualTo(ChildInstance.SIGKILL_EXIT);
        assertThat(a.osProcessAlive()).as("child still alive after SIGKILL").isFalse();

        long tookOverAt = awaitAllTasks(b.streams(), killedAt + 150_000);
        feed.awaitDone(Duration.ofSeconds(60));
        collector.await(seen -> seen.size() >= expected, Duration.ofSeconds(150));
        Thread.sleep(3_000); // anything arriving now would be a duplicate
        List<Seen> seen = collector.snapshot();

        // Then the survivor took over A's partitions; log how long that took
        Map<Integer, Long> firstForecastMs = new TreeMap<>();
        for (int p : forecastPartitionsA) {
          long lso = committedByA.get(new TopicPartition(config.topics().forecasts(), p));
          seen.stream().filter(s -> s.partition() == p && s.offset() >= lso)
              .mapToLong(Seen::visibleAtMs).min()
              .ifPresent(t -> firstForecastMs.put(p, t - killedAt));
        }
        long rebalanceSeenMs = watcher.transitions().stream()
            .filter(t -> t.atMs() >= killedAt && t.state() == KafkaStreams.State.REBALANCING)
            .mapToLong(t -> t.atMs() - killedAt).min().orElse(-1);
        LOG.info("[{}] FAILOVER after SIGKILL: survivor rebalancing at +{} ms, owns all tasks at +{} ms, "
                + "first forecast on A's partitions at +{} ms, all of A's partitions by +{} ms (per partition {})",
            variant, rebalanceSeenMs, tookOverAt - killedAt,
            firstForecastMs.values().stream().mapToLong(Long::longValue).min().orElse(-1),
            firstForecastMs.values().stream().mapToLong(Long::longValue).max().orElse(-1), firstForecastMs);
        assertThat(firstForecastMs.keySet()).as("A's partitions with forecasts from the survivor")
            .isEqualTo(forecastPartitionsA);

        // and every bar got exactly one forecast, with model versions never going back
        assertThat(collector.unreadable()).as("unreadable forecasts").isEmpty();
        Reliability.assertBarsAndForecasts(broker.bootstrapServers(), config, script, seen);

        // and the survivor kept running, without a dead thread or a model reset
        assertThat(watcher.history()).as("survivor states").doesNotContain(
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
        assertThat(b.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        Scrape scrape = Scrape.of(b.httpPort());
        assertThat(scrape.value("tickcast_streams_uncaught_total")).as("dead stream threads").isZero();
        assertThat(scrape.sum("tickcast_model_resets_total", Map.of())).as("model resets").isZero();
        LOG.info("[{}] survivor states {}; child ERROR lines before the kill: {}", variant,
            watcher.transitions(), a.errorLines());
      }
    }
  }

  /** Waits until {@code streams} runs all tasks itself; returns when. */
  private static long awaitAllTasks(KafkaStreams streams, long deadlineMs) throws InterruptedException {
    while (System.currentTimeMillis() < deadlineMs) {
      if (streams.state() == KafkaStreams.State.RUNNING && Tasks.active(streams).size() == TASKS) {
        return System.currentTimeMillis();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("survivor never took over all tasks: " + Tasks.active(streams));
  }

  private static Map<String, String> instanceProps(String id, String name, int standbys,
      Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>(PipelineConfig.props(id, tmp.resolve(id + "-state-" + name),
        PARTITIONS));
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("num.standby.replicas", Integer.toString(standbys));
    p.putAll(overrides);
    return p;
  }

  /** Waits until both instances run and split all tasks between them, stable for 3 s. */
  private static void awaitBalanced(ChildInstance a, KafkaStreams b) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    String last = "";
    long stableSince = System.currentTimeMillis();
    while (true) {
      Set<String> ta = a.activeTasks();
      Set<String> tb = Tasks.active(b);
      Set<String> union = new HashSet<>(ta);
      union.addAll(tb);
      boolean ok = "RUNNING".equals(a.state()) && b.state() == KafkaStreams.State.RUNNING
          && !ta.isEmpty() && !tb.isEmpty() && union.size() == ta.size() + tb.size()
          && union.size() == TASKS;
      String signature = ta + "|" + tb;
      long now = System.currentTimeMillis();
      if (!ok || !signature.equals(last)) {
        last = signature;
        stableSince = now;
      } else if (now - stableSince >= 3_000) {
        return;
      }
      if (now > deadline) {
        throw new IllegalStateException("instances never shared the tasks: A " + a.state() + " " + ta
            + ", B " + b.state() + " " + tb);
      }
      Thread.sleep(100);
    }
  }
}
