package io.tickcast.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickcast.app.metrics.MetricNames;
import io.tickcast.model.domain.Forecast;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SymbolHistoryTest {

  private static Forecast forecast(String symbol, long barEndMs) {
    return new Forecast(symbol, barEndMs, 1, 0, 100, 0.01, 100, 1, 16, Forecast.Source.MODEL, 0, 0.01, false);
  }

  @Test
  void dueSymbolsAreTheNewOnesNeverOrLongestUnsampledFirstWithinTheBudget() {
    List<Forecast> latest = List.of(forecast("A", 300), forecast("B", 300), forecast("C", 300),
        forecast("D", 300), forecast("E", 300));
    // A: nothing new; B sampled at 240, C never, D at 120, E at 60
    Map<String, Long> last = Map.of("A", 300L, "B", 240L, "D", 120L, "E", 60L);
    List<Forecast> due = SymbolHistory.due(latest, s -> last.getOrDefault(s, Long.MIN_VALUE), 3);
    assertThat(due).extracting(Forecast::symbol).containsExactly("C", "E", "D");
    assertThat(SymbolHistory.due(latest, s -> last.getOrDefault(s, Long.MIN_VALUE), 10))
        .extracting(Forecast::symbol).containsExactly("C", "E", "D", "B");
  }

  @Test
  void shouldForgetTheHistoryOfSymbolsThatMovedToAnotherInstance() {
    // Given rings of A, B and C, and a rebalance after which only A and C are local
    Map<String, List<Long>> rings = new java.util.HashMap<>(Map.of("A", List.of(1L), "B", List.of(2L),
        "C", List.of(3L)));
    Map<String, Integer> absent = new java.util.HashMap<>();
    // When sampling rounds keep seeing only A and C
    for (int round = 0; round < SymbolHistory.FORGET_AFTER_ROUNDS; round++) {
      SymbolHistory.forgetMoved(rings, absent, List.of(forecast("A", 300), forecast("C", 300)));
    }
    // Then B's ring is gone (it starts afresh if B comes back), A's and C's are kept
    assertThat(rings).containsOnlyKeys("A", "C").containsEntry("A", List.of(1L));
    assertThat(absent).isEmpty();
  }

  @Test
  void shouldKeepTheHistoryOfASymbolMissingFromFewerRoundsThanTheLimit() {
    // Given rings of A and B, and rounds that miss B now and then (its partition restoring, a torn read)
    assertThat(SymbolHistory.FORGET_AFTER_ROUNDS).as("one missed round must not forget").isGreaterThan(1);
    Map<String, List<Long>> rings = new java.util.HashMap<>(Map.of("A", List.of(1L), "B", List.of(2L)));
    Map<String, Integer> absent = new java.util.HashMap<>();
    List<Forecast> onlyA = List.of(forecast("A", 300));
    List<Forecast> both = List.of(forecast("A", 300), forecast("B", 300));
    for (int i = 0; i < 3; i++) {
      for (int miss = 1; miss < SymbolHistory.FORGET_AFTER_ROUNDS; miss++) {
        SymbolHistory.forgetMoved(rings, absent, onlyA);
      }
      // When B is seen again before the limit, then its history is kept and its count starts over
      SymbolHistory.forgetMoved(rings, absent, both);
      assertThat(rings).containsEntry("B", List.of(2L));
    }
    assertThat(absent).isEmpty();
  }

  @Test
  void everySymbolWithNewForecastsIsSampledWithinAFewRoundsAtAnyLoad() {
    // 100 symbols, each with a new bar every round (a replay): with a budget of 16 nobody starves.
    Map<String, Long> last = new java.util.HashMap<>();
    long[] gapMax = new long[1];
    for (int round = 1; round <= 40; round++) {
      long barEnd = round * 60_000L;
      List<Forecast> latest = new java.util.ArrayList<>();
      for (int s = 0; s < 100; s++) {
        latest.add(forecast("S" + s, barEnd));
      }
      for (Forecast f : SymbolHistory.due(latest, s -> last.getOrDefault(s, Long.MIN_VALUE),
          SymbolHistory.MAX_DECODES_PER_ROUND)) {
        Long prev = last.put(f.symbol(), f.barEndMs());
        if (prev != null) {
          gapMax[0] = Math.max(gapMax[0], (f.barEndMs() - prev) / 60_000);
        }
      }
    }
    assertThat(last).hasSize(100);
    assertThat(gapMax[0]).as("rounds between two points of one symbol")
        .isLessThanOrEqualTo((100 + SymbolHistory.MAX_DECODES_PER_ROUND - 1) / SymbolHistory.MAX_DECODES_PER_ROUND);
  }

  @Test
  void ewmaSkillComesFromOneScanOfTheWindowedMseGauges() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String name = MetricNames.EVAL_MSE.meterName();
    Gauge.builder(name, () -> 1.0).tag("symbol", "A").tag("predictor", "ewma").register(registry);
    Gauge.builder(name, () -> 4.0).tag("symbol", "A").tag("predictor", "naive").register(registry);
    Gauge.builder(name, () -> 9.0).tag("symbol", "A").tag("predictor", "lstm").register(registry);
    Gauge.builder(name, () -> 2.0).tag("symbol", "B").tag("predictor", "ewma").register(registry);
    Gauge.builder("other", () -> 7.0).tag("symbol", "C").tag("predictor", "naive")
        .register(registry);

    Map<String, double[]> mse = SymbolHistory.baselineMse(registry);

    assertThat(mse).containsOnlyKeys("A", "B");
    assertThat(SymbolHistory.ewmaSkill(mse.get("A"))).isEqualTo(0.75);
    assertThat(SymbolHistory.ewmaSkill(mse.get("B"))).isNaN(); // no naive gauge
    assertThat(SymbolHistory.ewmaSkill(mse.get("C"))).isNaN();
  }

  @Test
  void shouldSampleTheOtherSymbolsReportACorruptStateOnceAndRetryAChangingOne() {
    // Given stores with a good, a corrupt and a changing state, each with a new forecast
    StoredStates stores = new StoredStates();
    SymbolHistory history = new SymbolHistory(new SymbolStateView(stores, stores.config),
        new SimpleMeterRegistry(), 10);
    // When two rounds sample them
    List<String> errors = StoredStates.logged(SymbolHistory.class, ch.qos.logback.classic.Level.ERROR, () -> {
      history.sample();
      history.sample();
    });
    // Then the good symbol has its point, the others none; one ERROR for the corrupt one, over both rounds
    assertThat(history.points(StoredStates.GOOD)).extracting(ApiViews.HistoryPoint::t)
        .containsExactly(StoredStates.BARS * StoredStates.MIN);
    assertThat(history.points(StoredStates.CORRUPT)).isEmpty();
    assertThat(history.points(StoredStates.CHANGING)).isEmpty();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains(StoredStates.CORRUPT).contains("does not decode");

    // When the changing state settles, then the next round samples it (it stayed due) and says nothing more
    stores.settle();
    List<String> later = StoredStates.logged(SymbolHistory.class, ch.qos.logback.classic.Level.ERROR,
        history::sample);
    assertThat(history.points(StoredStates.CHANGING)).hasSize(1);
    assertThat(history.points(StoredStates.GOOD)).hasSize(1);
    assertThat(later).isEmpty();
  }
}
