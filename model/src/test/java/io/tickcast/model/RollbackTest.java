package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.SyntheticBars;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.training.TrainerSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A diverging step is never applied (the learner does not commit it) and never reaches stored state. */
class RollbackTest extends ModelTestBase {

  private static final String SYMBOL = "POISON";

  @Test
  void shouldRollBackAPoisonedStepAndFlagForecastsUntilTheNextGoodStep() {
    // Given a forecaster trained for well over the guard's warm-up on calm data
    ForecasterConfig cfg = smallConfig().withBatchSize(4);
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, cfg);
    List<Bar> calm = SyntheticBars.iid(SYMBOL, 200, 0.001, 3);
    calm.forEach(f::onBar);
    assertThat(f.modelVersion()).isGreaterThan(20);
    byte[] goodModel = f.modelBytes();
    long versionBefore = f.modelVersion();

    // When a poisoned bar (a 1000x price jump, then straight back) enters the training data
    Bar last = calm.get(calm.size() - 1);
    List<Bar> poison = new ArrayList<>();
    double p = last.close() * 1000;
    poison.add(new Bar(SYMBOL, last.endMs(), last.endMs() + 60_000, last.close(), p, last.close(), p, 1, p, 1));
    poison.add(new Bar(SYMBOL, last.endMs() + 60_000, last.endMs() + 120_000, p, p, last.close(),
        last.close(), 1, last.close(), 1));
    BarResult rolled = null;
    List<BarResult> results = new ArrayList<>();
    List<byte[]> modelBefore = new ArrayList<>();
    for (Bar b : poison) {
      modelBefore.add(f.modelBytes());
      results.add(f.onBar(b));
    }
    List<Bar> after = SyntheticBars.iid(SYMBOL, 60, 0.001, 4).stream()
        .map(b -> shift(b, last.endMs() + 120_000 - SyntheticBars.START_MS, last.close() / 100.0))
        .toList();
    for (Bar b : after) {
      modelBefore.add(f.modelBytes());
      BarResult r = f.onBar(b);
      results.add(r);
      if (rolled == null && r.rolledBack()) {
        rolled = r;
      }
    }
    for (BarResult r : results.subList(0, 2)) {
      if (rolled == null && r.rolledBack()) {
        rolled = r;
      }
    }

    // Then the step that saw the poisoned label was rolled back, not applied
    assertThat(f.rollbacks()).as("rollbacks").isGreaterThanOrEqualTo(1);
    assertThat(rolled).isNotNull();
    // and the stored model stays finite and restorable
    SymbolForecaster restored = SymbolForecaster.restore(SYMBOL, cfg, f.fullState(), f.modelBytes());
    assertThat(restored.rollbacks()).isEqualTo(f.rollbacks());
    // and the first forecast after a rollback is flagged and comes from the baseline
    int idx = results.indexOf(rolled);
    Forecast flagged = rolled.forecast();
    assertThat(flagged).isNotNull();
    assertThat(flagged.rolledBack()).isTrue();
    assertThat(flagged.source()).isEqualTo(Forecast.Source.BASELINE);
    // and the version did not advance through the rolled-back step
    assertThat(results.get(idx).step()).isNotNull();
    long previous = idx == 0 ? versionBefore : results.get(idx - 1).forecast().modelVersion();
    assertThat(flagged.modelVersion()).isEqualTo(previous);
    assertThat(flagged.modelVersion()).isGreaterThanOrEqualTo(versionBefore);
    // and the rolled-back step left parameters, Adam state and counters exactly as they were
    TrainerSnapshot before = ModelCodec.decode(modelBefore.get(idx), cfg).snapshot();
    TrainerSnapshot afterStep = ModelCodec.decode(modelBefore.get(idx + 1), cfg).snapshot();
    assertThat(afterStep).usingRecursiveComparison().isEqualTo(before);
    assertThat(ModelCodec.decode(goodModel, cfg).snapshot().params()).isNotEmpty();
    // and once a later step is accepted the flag clears
    boolean clearedLater = results.subList(idx + 1, results.size()).stream()
        .anyMatch(r -> r.forecast() != null && !r.forecast().rolledBack());
    assertThat(clearedLater).isTrue();
  }

  @Test
  void shouldKeepRefusingAPoisonedBarThatReplayDrawsAgain() {
    // Given a forecaster at the defaults (replay: the newest sequence in every batch, older ones
    // drawn again and again) trained well past the guard's warm-up on calm data
    ForecasterConfig cfg = ForecasterConfig.defaults();
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, cfg);
    List<Bar> calm = SyntheticBars.iid(SYMBOL, 300, 0.001, 3);
    calm.forEach(f::onBar);
    double calmThreshold = ModelCodec.decode(f.modelBytes(), cfg).guard().threshold();

    // When one poisoned bar (a 1000x jump and straight back) enters the replay window
    Bar last = calm.get(calm.size() - 1);
    double p = last.close() * 1000;
    f.onBar(new Bar(SYMBOL, last.endMs(), last.endMs() + 60_000, last.close(), p, last.close(), p,
        1, p, 1));
    f.onBar(new Bar(SYMBOL, last.endMs() + 60_000, last.endMs() + 120_000, p, p, last.close(),
        last.close(), 1, last.close(), 1));
    List<Double> applied = new ArrayList<>();
    for (Bar b : SyntheticBars.iid(SYMBOL, 200, 0.001, 4)) {
      BarResult r = f.onBar(shift(b, last.endMs() + 120_000 - SyntheticBars.START_MS,
          last.close() / 100.0));
      if (r.step() != null && !r.rolledBack() && !r.step().skipped()) {
        applied.add(r.step().loss());
      }
    }

    // Then it was refused more than once, and no batch whose loss the calm guard would have
    // refused was applied while it stayed in the window
    assertThat(f.rollbacks()).isGreaterThan(1);
    assertThat(applied).isNotEmpty().allSatisfy(l -> assertThat(l).isLessThan(calmThreshold));
  }

  private static Bar shift(Bar b, long dt, double scale) {
    return new Bar(b.symbol(), b.startMs() + dt, b.endMs() + dt, b.open() * scale, b.high() * scale,
        b.low() * scale, b.close() * scale, b.volume(), b.vwap() * scale, b.ticks());
  }
}
