package io.tickcast.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickcast.model.domain.Forecast;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpertMixMetricsTest {

  private static Forecast mixed(String symbol, Map<String, Double> weights, double skill) {
    return new Forecast(symbol, 60_000, 1, 0.001, 100.1, 0.01, 100, 3, 48, Forecast.Source.LINEAR,
        0.002, 0.01, false, false, weights, skill);
  }

  private static Map<String, Double> weights(double lstm, double linear, double naive, double ewma,
      double slow) {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("lstm", lstm);
    w.put("linear", linear);
    w.put("naive", naive);
    w.put("ewma", ewma);
    w.put("linear_slow", slow);
    return w;
  }

  private static double weight(SimpleMeterRegistry r, String symbol, String expert) {
    return r.get("tickcast.forecast.expert.weight").tag("symbol", symbol).tag("expert", expert)
        .gauge().value();
  }

  @Test
  void shouldExportTheLatestWeightsAndSkillPerSymbolAndExpert() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    TickcastMetrics m = new TickcastMetrics(10);
    m.bindTo(r);
    m.forecastPublished(mixed("BTC", weights(0.1, 0.4, 0.2, 0.2, 0.1), -0.05), 1_000, 70_000);
    m.forecastPublished(mixed("BTC", weights(0.05, 0.5, 0.15, 0.2, 0.1), 0.03), 1_000, 130_000);
    m.forecastPublished(mixed("ETH", weights(0.6, 0.1, 0.1, 0.1, 0.1), 0.2), 1_000, 70_000);

    assertThat(weight(r, "BTC", "lstm")).isEqualTo(0.05);
    assertThat(weight(r, "BTC", "linear")).isEqualTo(0.5);
    assertThat(weight(r, "BTC", "naive")).isEqualTo(0.15);
    assertThat(weight(r, "BTC", "ewma")).isEqualTo(0.2);
    assertThat(weight(r, "BTC", "linear_slow")).isEqualTo(0.1);
    assertThat(weight(r, "ETH", "lstm")).isEqualTo(0.6);
    assertThat(r.get("tickcast.forecast.published.skill").tag("symbol", "BTC").gauge().value())
        .isEqualTo(0.03);
    assertThat(r.get("tickcast.forecast.published.skill").tag("symbol", "ETH").gauge().value())
        .isEqualTo(0.2);
    assertThat(r.find("tickcast.forecast.expert.weight").gauges()).hasSize(10);
  }

  @Test
  void shouldKeepTheExpertTagBoundedAndIgnoreForecastsWithoutTheMix() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    TickcastMetrics m = new TickcastMetrics(10);
    m.bindTo(r);
    m.forecastPublished(mixed("BTC", weights(0.2, 0.2, 0.2, 0.2, 0.2), 0.1), 1_000, 70_000);
    Map<String, Double> odd = weights(0.2, 0.2, 0.2, 0.2, 0.1);
    odd.put("bogus", 0.1);
    m.forecastPublished(mixed("BTC", odd, 0.1), 1_000, 70_000);
    // A forecast not made by the mix carries skill 0 as a placeholder: it must not overwrite.
    m.forecastPublished(new Forecast("BTC", 120_000, 1, 0, 100, 0.01, 100, 3, 48,
        Forecast.Source.BASELINE, 0, 0.01, false), 1_000, 130_000);

    assertThat(r.find("tickcast.forecast.expert.weight").tag("expert", "bogus").gauge()).isNull();
    assertThat(weight(r, "BTC", "linear_slow")).isEqualTo(0.1);
    assertThat(r.get("tickcast.forecast.published.skill").tag("symbol", "BTC").gauge().value())
        .isEqualTo(0.1);
  }

  @Test
  void shouldShareTheOtherTagBeyondMaxSymbols() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    TickcastMetrics m = new TickcastMetrics(1);
    m.bindTo(r);
    m.forecastPublished(mixed("BTC", weights(0.2, 0.2, 0.2, 0.2, 0.2), 0.1), 1_000, 70_000);
    m.forecastPublished(mixed("ETH", weights(0.6, 0.1, 0.1, 0.1, 0.1), 0.3), 1_000, 70_000);
    m.forecastPublished(mixed("SOL", weights(0.1, 0.6, 0.1, 0.1, 0.1), 0.4), 1_000, 70_000);

    assertThat(r.find("tickcast.forecast.expert.weight").gauges())
        .extracting(g -> g.getId().getTag("symbol")).containsOnly("BTC", TickcastMetrics.OTHER_SYMBOL);
    assertThat(weight(r, TickcastMetrics.OTHER_SYMBOL, "linear")).isEqualTo(0.6);
    assertThat(r.find("tickcast.forecast.published.skill").gauges()).hasSize(2);
  }

  @Test
  void shouldRemoveTheSymbolsMixGaugesWhenItsTaskCloses() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    TickcastMetrics m = new TickcastMetrics(10);
    m.bindTo(r);
    m.forecastPublished(mixed("BTC", weights(0.2, 0.2, 0.2, 0.2, 0.2), 0.1), 1_000, 70_000);
    m.forecastPublished(mixed("ETH", weights(0.6, 0.1, 0.1, 0.1, 0.1), 0.3), 1_000, 70_000);

    m.removeSymbolGauges("BTC");

    assertThat(r.find("tickcast.forecast.expert.weight").tag("symbol", "BTC").gauges()).isEmpty();
    assertThat(r.find("tickcast.forecast.published.skill").tag("symbol", "BTC").gauge()).isNull();
    assertThat(r.find("tickcast.forecast.expert.weight").tag("symbol", "ETH").gauges()).hasSize(5);
    // They return with the symbol's next forecast.
    m.forecastPublished(mixed("BTC", weights(0.1, 0.3, 0.2, 0.2, 0.2), 0.05), 1_000, 130_000);
    assertThat(weight(r, "BTC", "linear")).isEqualTo(0.3);
    assertThat(r.find("tickcast.forecast.published.skill").tag("symbol", "BTC").gauge())
        .extracting(Gauge::value).isEqualTo(0.05);
  }
}
