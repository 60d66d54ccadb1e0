package io.tickcast.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickcast.model.domain.Forecast;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpertMixMetricsTest {

  private final SimpleMeterRegistry r = new SimpleMeterRegistry();

  private TickcastMetrics boundTo(int maxSymbols) {
    TickcastMetrics m = new TickcastMetrics(maxSymbols);
    m.bindTo(r);
    return m;
  }

  private double weight(String symbol, String expert) {
    return r.get("tickcast.forecast.expert.weight").tag("symbol", symbol).tag("expert", expert)
        .gauge().value();
  }

  private double skill(String symbol) {
    return r.get("tickcast.forecast.published.skill").tag("symbol", symbol).gauge().value();
  }

  private static Forecast mixed(String symbol, Map<String, Double> weights, double skill) {
    return new Forecast(symbol, 60_000, 1, 0.001, 100.1, 0.01, 100, 3, 48, Forecast.Source.LINEAR,
        0.002, 0.01, false, false, weights, skill);
  }

  private static Map<String, Double> weights(double lstm, double linear, double naive, double momentum,
      double slow) {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("lstm", lstm);
    w.put("linear", linear);
    w.put("naive", naive);
    w.put("momentum", momentum);
    w.put("linear_slow", slow);
    w.put("sign_split", 0.0);
    return w;
  }

  @Test
  void shouldExportTheLatestWeightsAndSkillPerSymbolAndExpert() {
    TickcastMetrics m = boundTo(10);
    m.forecastPublished(mixed("BTC", weights(0.1, 0.4, 0.2, 0.2, 0.1), -0.05), 1_000, 70_000);
    m.forecastPublished(mixed("BTC", weights(0.05, 0.5, 0.15, 0.2, 0.1), 0.03), 1_000, 130_000);
    m.forecastPublished(mixed("ETH", weights(0.6, 0.1, 0.1, 0.1, 0.1), 0.2), 1_000, 70_000);

    assertThat(weight("BTC", "lstm")).isEqualTo(0.05);
    assertThat(weight("BTC", "linear")).isEqualTo(0.5);
    assertThat(weight("BTC", "naive")).isEqualTo(0.15);
    assertThat(weight("BTC", "momentum")).isEqualTo(0.2);
    assertThat(weight("BTC", "linear_slow")).isEqualTo(0.1);
    assertThat(weight("ETH", "lstm")).isEqualTo(0.6);
    assertThat(skill("BTC")).isEqualTo(0.03);
    assertThat(skill("ETH")).isEqualTo(0.2);
    assertThat(weight("BTC", "sign_split")).isEqualTo(0.0);
    // one gauge per symbol and expert: 2 × 6
    assertThat(r.find("tickcast.forecast.expert.weight").gauges()).hasSize(12);
  }

  @Test
  void shouldKeepTheExpertTagBoundedAndIgnoreForecastsWithoutTheMix() {
    TickcastMetrics m = boundTo(10);
    m.forecastPublished(mixed("BTC", weights(0.2, 0.2, 0.2, 0.2, 0.2), 0.1), 1_000, 70_000);
    Map<String, Double> odd = weights(0.2, 0.2, 0.2, 0.2, 0.1);
    odd.put("bogus", 0.1);
    m.forecastPublished(mixed("BTC", odd, 0.1), 1_000, 70_000);
    // A forecast not made by the mix carries skill 0 as a placeholder: it must not overwrite.
    m.forecastPublished(new Forecast("BTC", 120_000, 1, 0, 100, 0.01, 100, 3, 48,
        Forecast.Source.BASELINE, 0, 0.01, false), 1_000, 130_000);

    assertThat(r.find("tickcast.forecast.expert.weight").tag("expert", "bogus").gauge()).isNull();
    assertThat(weight("BTC", "linear_slow")).isEqualTo(0.1);
    assertThat(skill("BTC")).isEqualTo(0.1);
  }

  @Test
  void shouldShareTheOtherTagBeyondMaxSymbols() {
    TickcastMetrics m = boundTo(1);
    m.forecastPublished(mixed("BTC", weights(0.2, 0.2, 0.2, 0.2, 0.2), 0.1), 1_000, 70_000);
    m.forecastPublished(mixed("ETH", weights(0.6, 0.1, 0.1, 0.1, 0.1), 0.3), 1_000, 70_000);
    m.forecastPublished(mixed("SOL", weights(0.1, 0.6, 0.1, 0.1, 0.1), 0.4), 1_000, 70_000);

    assertThat(r.find("tickcast.forecast.expert.weight").gauges())
        .extracting(g -> g.getId().getTag("symbol")).containsOnly("BTC", TickcastMetrics.OTHER_SYMBOL);
    assertThat(weight(TickcastMetrics.OTHER_SYMBOL, "linear")).isEqualTo(0.6);
    assertThat(r.find("tickcast.forecast.published.skill").gauges()).hasSize(2);
  }

  @Test
  void shouldRemoveTheSymbolsMixGaugesWhenItsTaskCloses() {
    TickcastMetrics m = boundTo(10);
    m.forecastPublished(mixed("BTC", weights(0.2, 0.2, 0.2, 0.2, 0.2), 0.1), 1_000, 70_000);
    m.forecastPublished(mixed("ETH", weights(0.6, 0.1, 0.1, 0.1, 0.1), 0.3), 1_000, 70_000);

    m.releaseSymbol("BTC");

    assertThat(r.find("tickcast.forecast.expert.weight").tag("symbol", "BTC").gauges()).isEmpty();
    assertThat(r.find("tickcast.forecast.published.skill").tag("symbol", "BTC").gauge()).isNull();
    assertThat(r.find("tickcast.forecast.expert.weight").tag("symbol", "ETH").gauges()).hasSize(6);
    // They return with the symbol's next forecast.
    m.forecastPublished(mixed("BTC", weights(0.1, 0.3, 0.2, 0.2, 0.2), 0.05), 1_000, 130_000);
    assertThat(weight("BTC", "linear")).isEqualTo(0.3);
    assertThat(skill("BTC")).isEqualTo(0.05);
  }
}
