package io.tickcast.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickcast.model.BarResult;
import io.tickcast.model.Score;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.domain.Forecast;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MetricCatalogueTest {

  private static PrometheusMeterRegistry exercised(TickcastMetrics m) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    m.bindTo(registry);
    m.tickReceived();
    m.tickAccepted();
    m.deadLettered("ticks.dlq", "malformed_json");
    m.barEmitted("BTC");
    m.barWallClockClosed("BTC");
    m.barConsumed("BTC", false);
    m.forecastPublished(new Forecast("BTC", 1, 1, 0, 1, 0.1, 1, 2, 32, Forecast.Source.MODEL, 0, 0.1, true),
        1_000_000, 5);
    m.trained("BTC", new TrainingStep(1, 16, 1e-3, 0.5, 1.2, 0.3, 4.0, 0.25, 13.0, false, 2_000_000));
    m.trained("BTC", new TrainingStep(1, 16, 1e-3, Double.NaN, 0, 0, 0, 0, 0, true, 2_000_000));
    m.rolledBack("BTC", new TrainingStep(2, 16, 1e-3, 99.0, 50, 0, 0, 0, 0, false, 2_000_000));
    m.extraSteps("BTC", new BarResult.ExtraSteps(0, 0, 1, 1, 1_000_000));
    m.fastSkip("BTC", 0.4, 0.8);
    m.scored("BTC", new Score(0.01, 0.0, 0.02, 0, 0.001, 0.02, 1e-4, 1.1e-4, 1.2e-4, 0.01, 0.5, 0.3,
        0.35, 0.09, 10, 0.011, 0.012, 0.48));
    m.productionError("forecasts");
    m.modelReset("BTC");
    m.adaptation("BTC", true, 12, 0);
    m.shadow("BTC", 4, new TrainingStep(3, 4, 2.5e-4, 0.4, 1.0, 0.2, 3.0, 0.75, 15.0, false, 1_000_000),
        new Score(0.01, 0.0, 0.02, 0, 0.001, 0.02, 1e-4, 1.1e-4, 1.2e-4, 0.01, 0.5, 0.3, 0.35, 0.09, 10, 0.011, 0.012, 0.48), 2);
    m.uncaughtException();
    m.streamsUp(true);
    return registry;
  }

  @Test
  void shouldExposeEveryCatalogueEntryUnderItsPrometheusName() {
    String scrape = exercised(new TickcastMetrics(10)).scrape();
    for (MetricNames def : MetricNames.values()) {
      assertThat(scrape).as(def.name()).contains(def.prometheusName());
      if (def.type() == MetricNames.Type.TIMER) {
        assertThat(scrape).contains(def.prometheusName() + "_bucket{");
      }
      assertThat(scrape).contains("# HELP " + def.prometheusName());
    }
  }

  /** A registry bound to fresh metrics that have seen one bar of {@code symbol}. */
  private static PrometheusMeterRegistry afterFirstBarOf(String symbol) {
    TickcastMetrics m = new TickcastMetrics(10);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    m.bindTo(registry);
    m.barEmitted(symbol);
    return registry;
  }

  @Test
  void shouldCountForecastsOfEverySourceFromZeroAndNameEachSource() {
    // Given a symbol the instance has just met
    PrometheusMeterRegistry registry = afterFirstBarOf("BTC");
    for (Forecast.Source source : Forecast.Source.values()) {
      String tag = source.name().toLowerCase(java.util.Locale.ROOT);
      // Then a series per source a forecast can have exists at 0 (rate() misses the first
      // increment of a series born at 1: a symbol's first linear-led forecasts went unseen) ...
      assertThat(registry.find("tickcast.forecasts").tags("symbol", "BTC", "source", tag).counter())
          .as("source %s", tag).isNotNull()
          .extracting(io.micrometer.core.instrument.Counter::count).isEqualTo(0.0);
      // ... and the description names it (it said "model or baseline" when linear was added)
      assertThat(MetricNames.FORECASTS.description()).as("source %s", tag).contains(tag);
    }
  }

  @Test
  void shouldRegisterEveryPerSymbolEventCounterAtZeroWhenASymbolArrives() {
    // Given a symbol the instance has just met
    PrometheusMeterRegistry registry = afterFirstBarOf("BTC");
    // Then every per-symbol counter of the catalogue has a series for it at 0, as the binder's
    // policy says (rate() misses the first increment of a series born at 1); shadow trainers'
    // counters, which exist only when configured, aside. Bars closed by the wall clock and head
    // refits were born at their first event.
    for (MetricNames def : MetricNames.values()) {
      if (def.type() != MetricNames.Type.COUNTER || !def.tagKeys().contains("symbol")
          || def.tagKeys().contains("batch_size")) {
        continue;
      }
      double expected = def == MetricNames.BARS ? 1 : 0;
      assertThat(registry.find(def.meterName()).tag("symbol", "BTC").counters()).as(def.name())
          .isNotEmpty().allSatisfy(c -> assertThat(c.count()).isEqualTo(expected));
    }
    assertThat(registry.find("tickcast.train.head.refits").tag("symbol", "BTC").counters())
        .extracting(c -> c.getId().getTag("outcome")).containsExactlyInAnyOrder("applied", "refused");
  }

  @Test
  void shouldBoundSymbolTags() {
    TickcastMetrics m = new TickcastMetrics(2);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    m.bindTo(registry);
    for (String s : new String[] {"A", "B", "C", "D"}) {
      m.barEmitted(s);
    }
    assertThat(registry.find("tickcast.bars").counters()).hasSize(3);
    assertThat(registry.get("tickcast.bars").tag("symbol", TickcastMetrics.OTHER_SYMBOL).counter().count())
        .isEqualTo(2.0);
  }

  @Test
  void shouldCountSkippedStepsWithoutTouchingTheLossGauge() {
    TickcastMetrics m = new TickcastMetrics(10);
    PrometheusMeterRegistry registry = exercised(m);
    assertThat(registry.get("tickcast.train.skipped").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("tickcast.train.loss").gauge().value()).isEqualTo(0.5);
  }

  @Test
  void shouldMatchTheReadmeMetricsTable() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertThat(text)
        .as("README metrics table is generated from MetricNames.toMarkdown(); regenerate it")
        .contains(MetricNames.toMarkdown());
  }
}
