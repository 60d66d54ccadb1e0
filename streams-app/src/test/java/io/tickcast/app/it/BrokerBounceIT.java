package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.TickcastService;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.Reliability;
import io.tickcast.app.it.support.Scrape;
import io.tickcast.app.it.support.StateWatcher;
import io.tickcast.app.it.support.TickFeed;
import io.tickcast.app.it.support.TickScript;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only broker goes away for 20 s while ticks flow and forecasts are being made, then comes
 * back on the same port and log directory. The application must ride it out on its own (no
 * restart, never ERROR, no dead stream thread) and the committed output must be as if nothing
 * happened: every bar and every forecast exactly once, model versions never going back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BrokerBounceIT extends BrokerTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerBounceIT.class);

  private static final int PARTITIONS = 3;
  private static final int MINUTES = 40;
  private static final int TICKS_PER_BAR = 3;
  private static final long WALL_MS_PER_MINUTE = 300;
  /** The feed waits here until the broker is down: minutes from here are sent during the outage. */
  private static final int OUTAGE_FROM = 24;
  /** ... and here until it is back: minutes from here are sent after the restart. */
  private static final int RESTART_FROM = 32;
  private static final Duration OUTAGE = Duration.ofSeconds(20);



  @Test
  void shouldRideOutABrokerOutageWithoutLosingOrDuplicatingForecasts() throws Exception {
    // Given a running pipeline publishing forecasts from a steady tick stream
    String id = PipelineConfig.uniqueId("bounce");
    AppConfig config = PipelineConfig.config(PipelineConfig.props(id, tmp.resolve(id), PARTITIONS));
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    List<String> symbols = TickScript.symbolsOnDistinctPartitions("SYM", 4, PARTITIONS);
    TickScript script = new TickScript(config.topics().ticks(), symbols, MINUTES, TICKS_PER_BAR, 23);
    int expected = symbols.size() * script.expectedForecastBarEnds(PipelineConfig.SEQ).size();

    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers());
        StateWatcher watcher = new StateWatcher(service.streams());
        ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(), config.topics().forecasts());
        TickFeed feed = TickFeed.start(broker.bootstrapServers(), script, WALL_MS_PER_MINUTE,
            Set.of(OUTAGE_FROM, RESTART_FROM), Map.of())) {
      boolean forecasting = collector.await(seen -> symbols.stream().allMatch(s ->
          seen.stream().filter(f -> f.forecast().symbol().equals(s)).count() >= 2), Duration.ofSeconds(120));
      assertThat(forecasting).as("forecasts for every symbol before the outage").isTrue();

      // When the broker stops for 20 s while ticks keep being sent, and comes back
      int before = collector.count();
      long stoppedAt = System.currentTimeMillis();
      broker.stop();
      feed.release(); // these ticks wait in the producer until the broker is back
      Thread.sleep(OUTAGE.toMillis());
      KafkaStreams.State duringOutage = service.streams().state();
      long restartAt = System.currentTimeMillis();
      broker.restart();
      long restartedAt = System.currentTimeMillis();
      feed.release();
      LOG.info("BOUNCE broker down for {} ms (restart took {} ms); {} of {} forecasts before; state at the end of "
          + "the outage {}", restartAt - stoppedAt, restartedAt - restartAt, before, expected, duringOutage);
      feed.awaitDone(Duration.ofSeconds(120));
      boolean complete = collector.await(seen -> seen.size() >= expected, Duration.ofSeconds(120));
      Thread.sleep(3_000); // anything arriving now would be a duplicate
      long firstAfter = collector.snapshot().stream().mapToLong(ForecastCollector.Seen::visibleAtMs)
          .filter(t -> t > restartedAt).min().orElse(-1);
      LOG.info("BOUNCE complete: {}; first forecast {} ms after the broker was back; states {}", complete,
          firstAfter < 0 ? -1 : firstAfter - restartedAt, watcher.transitions());

      // Then every bar got exactly one forecast, with model versions never going back
      assertThat(collector.unreadable()).as("unreadable forecasts").isEmpty();
      Reliability.assertBarsAndForecasts(broker.bootstrapServers(), config, script, collector.snapshot());

      // and the application recovered by itself: RUNNING, never ERROR, no dead thread or model reset
      assertThat(watcher.await(KafkaStreams.State.RUNNING, 30_000)).as("RUNNING at the end").isTrue();
      assertThat(watcher.history()).as("Kafka Streams states").doesNotContain(
          KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
      Scrape scrape = Scrape.of(service.httpPort());
      LOG.info("BOUNCE counters vs committed output: tickcast_forecasts_total {} for {} forecasts, "
              + "tickcast_ticks_total {} for {} ticks sent", scrape.sum("tickcast_forecasts_total", Map.of()),
          collector.count(), scrape.value("tickcast_ticks_total"), symbols.size() * MINUTES * TICKS_PER_BAR);
      assertThat(scrape.value("tickcast_streams_uncaught_total")).as("dead stream threads").isZero();
      assertThat(scrape.sum("tickcast_model_resets_total", Map.of())).as("model resets").isZero();
      assertThat(scrape.sum("tickcast_production_errors_total", Map.of())).as("production errors").isZero();
    }
  }
}
