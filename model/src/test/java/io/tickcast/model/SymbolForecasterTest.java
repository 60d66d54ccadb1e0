package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.fixtures.SyntheticBars;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolForecasterTest extends ModelTestBase {

  private static final String SYMBOL = "TEST";

  private static List<BarResult> feed(SymbolForecaster f, List<Bar> bars) {
    List<BarResult> results = new ArrayList<>();
    for (Bar bar : bars) {
      results.add(f.onBar(bar));
    }
    return results;
  }

  @Test
  void shouldFollowTestThenTrainTimeline() {
    // Given T = 8, B = 8
    ForecasterConfig cfg = smallConfig();
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, cfg);
    List<Bar> bars = SyntheticBars.ar1(SYMBOL, 40, 0.3, 0.01, 1);

    // When 40 bars are fed
    List<BarResult> r = feed(f, bars);

    // Then bar 0 only seeds; bar i adds row i; the first forecast needs T rows (bar 8)
    assertThat(r).allMatch(BarResult::accepted);
    for (int i = 0; i < 8; i++) {
      assertThat(r.get(i).forecast()).as("bar %d", i).isNull();
    }
    assertThat(r.get(8).forecast()).isNotNull();
    // the first score comes one bar after the first forecast
    assertThat(r.get(8).score()).isNull();
    assertThat(r.get(9).score()).isNotNull();
    assertThat(r.get(9).score().actualReturn())
        .isEqualTo(Math.log(bars.get(9).close() / bars.get(8).close()));
    assertThat(r.get(9).score().modelReturn()).isEqualTo(r.get(8).forecast().modelReturn());
    // labels start at bar 9 (sequence ending at bar 8), so B = 8 labels are complete at bar 16
    for (int i = 0; i < 16; i++) {
      assertThat(r.get(i).step()).as("bar %d", i).isNull();
      assertThat(r.get(i).modelChanged()).isFalse();
    }
    assertThat(r.get(16).step()).isNotNull();
    assertThat(r.get(16).step().batchSize()).isEqualTo(8);
    assertThat(r.get(16).step().modelVersion()).isEqualTo(1);
    assertThat(r.get(16).modelChanged()).isTrue();
    assertThat(r.get(24).step().modelVersion()).isEqualTo(2);
    assertThat(r.get(32).step().modelVersion()).isEqualTo(3);
    assertThat(f.modelVersion()).isEqualTo(3);
    assertThat(f.trainedExamples()).isEqualTo(24);
    assertThat(f.barsSeen()).isEqualTo(40);
  }

  @Test
  void shouldPublishConsistentFiniteForecasts() {
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, smallConfig());
    List<Bar> bars = SyntheticBars.ar1(SYMBOL, 60, 0.3, 0.01, 2);
    List<BarResult> r = feed(f, bars);
    for (int i = 8; i < bars.size(); i++) {
      Forecast fc = r.get(i).forecast();
      Bar bar = bars.get(i);
      assertThat(fc.symbol()).isEqualTo(SYMBOL);
      assertThat(fc.barEndMs()).isEqualTo(bar.endMs());
      assertThat(fc.horizon()).isEqualTo(1);
      assertThat(fc.lastPrice()).isEqualTo(bar.close());
      assertThat(fc.predictedPrice()).isEqualTo(bar.close() * Math.exp(fc.predictedReturn()));
      assertThat(fc.sigma()).isPositive();
      assertThat(fc.modelSigma()).isPositive();
      // The published forecast is the experts' mix (issue 10): weights of every expert, sum 1,
      // and the source names the dominant expert's kind
      assertThat(fc.weights().keySet()).containsExactly("lstm", "linear", "naive", "momentum",
          "linear_slow", "sign_split");
      assertThat(fc.weights().values().stream().mapToDouble(Double::doubleValue).sum())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      String dominant = fc.weights().entrySet().stream()
          .max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
      assertThat(fc.source()).isEqualTo(switch (dominant) {
        case "lstm" -> Forecast.Source.MODEL;
        case "linear", "linear_slow", "momentum", "sign_split" -> Forecast.Source.LINEAR;
        default -> Forecast.Source.BASELINE;
      });
      assertThat(Double.isFinite(fc.publishedSkill())).isTrue();
    }
  }

  @Test
  void shouldNormaliseLabelsWithStatisticsThatExcludeTheTarget() {
    // Given 30 bars processed
    ForecasterConfig cfg = smallConfig();
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, cfg);
    List<Bar> bars = SyntheticBars.ar1(SYMBOL, 30, 0.3, 0.01, 9);
    feed(f, bars);

    // When the label of bar 28's sequence (the return of bar 29) is inspected
    io.tickcast.model.pipeline.BarFeatures state = f.features();
    EwNormalizer upTo28 = new EwNormalizer(1, cfg.normHalfLifeBars());
    for (int i = 1; i <= 28; i++) {
      upTo28.update(new double[] {Math.log(bars.get(i).close() / bars.get(i - 1).close())});
    }
    double r29 = Math.log(bars.get(29).close() / bars.get(28).close());

    // Then it was normalised with the return statistics up to bar 28 only, and bar 29's own row
    // is not labelled yet
    assertThat(state.ring().label(1)).isEqualTo((float) upTo28.normalize(new double[] {r29})[0]);
    assertThat(state.ring().label(0)).isNaN();
    upTo28.update(new double[] {r29});
    assertThat(state.target().mean(0)).isEqualTo(upTo28.mean(0));
  }

  @Test
  void shouldRejectStaleBarsWithoutChangingAnything() {
    // Given a forecaster that has seen 30 bars
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, smallConfig());
    List<Bar> bars = SyntheticBars.ar1(SYMBOL, 30, 0.3, 0.01, 3);
    feed(f, bars);
    byte[] state = f.stateBytes();
    byte[] model = f.modelBytes();

    // When the last bar is replayed and an older one arrives late
    BarResult duplicate = f.onBar(bars.get(29));
    BarResult late = f.onBar(bars.get(10));

    // Then both are rejected and nothing changed
    for (BarResult r : List.of(duplicate, late)) {
      assertThat(r.accepted()).isFalse();
      assertThat(r.forecast()).isNull();
      assertThat(r.step()).isNull();
      assertThat(r.score()).isNull();
      assertThat(r.modelChanged()).isFalse();
    }
    assertThat(f.stateBytes()).isEqualTo(state);
    assertThat(f.modelBytes()).isEqualTo(model);
    assertThat(f.barsSeen()).isEqualTo(30);
  }

  @Test
  void shouldRejectBarOfAnotherSymbol() {
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, smallConfig());
    Bar other = SyntheticBars.ar1("OTHER", 1, 0, 0.01, 4).get(0);
    assertThatThrownBy(() -> f.onBar(other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OTHER");
  }

  @Test
  void shouldContinueIdenticallyAfterRestore() {
    // Given a forecaster 100 bars in (several optimizer steps, windowed scores, pending labels)
    ForecasterConfig cfg = smallConfig();
    List<Bar> bars = SyntheticBars.ar1(SYMBOL, 170, 0.4, 0.01, 5);
    SymbolForecaster original = SymbolForecaster.create(SYMBOL, cfg);
    feed(original, bars.subList(0, 100));
    assertThat(original.modelVersion()).isGreaterThan(5);

    // When it is restored from its bytes and both see the same next 70 bars
    SymbolForecaster restored = SymbolForecaster.restore(SYMBOL, cfg, original.fullState(),
        original.modelBytes());
    assertThat(restored.barsSeen()).isEqualTo(100);
    assertThat(restored.modelVersion()).isEqualTo(original.modelVersion());
    assertThat(restored.trainedExamples()).isEqualTo(original.trainedExamples());
    List<BarResult> a = feed(original, bars.subList(100, 170));
    List<BarResult> b = feed(restored, bars.subList(100, 170));

    // Then forecasts, scores and training steps are identical (wall-clock nanos aside)
    int steps = 0;
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).forecast()).as("forecast %d", i).isEqualTo(a.get(i).forecast());
      assertThat(b.get(i).score()).as("score %d", i).isEqualTo(a.get(i).score());
      assertThat(b.get(i).modelChanged()).isEqualTo(a.get(i).modelChanged());
      if (a.get(i).step() != null) {
        steps++;
        assertThat(b.get(i).step()).usingRecursiveComparison().ignoringFields("nanos")
            .isEqualTo(a.get(i).step());
      }
    }
    assertThat(steps).isGreaterThan(5);
    assertThat(restored.modelBytes()).isEqualTo(original.modelBytes());
    assertThat(restored.stateBytes()).isEqualTo(original.stateBytes());
  }

  @Test
  void shouldChangeModelBytesOnlyWhenTheModelChanged() {
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, smallConfig());
    byte[] model = f.modelBytes();
    byte[] state = f.stateBytes();
    for (Bar bar : SyntheticBars.ar1(SYMBOL, 30, 0.3, 0.01, 6)) {
      BarResult r = f.onBar(bar);
      byte[] nextModel = f.modelBytes();
      byte[] nextState = f.stateBytes();
      assertThat(java.util.Arrays.equals(nextModel, model)).isEqualTo(!r.modelChanged());
      assertThat(nextState).isNotEqualTo(state);
      model = nextModel;
      state = nextState;
    }
  }

  @Test
  void shouldRestoreFreshFromNulls() {
    SymbolForecaster f = SymbolForecaster.restore(SYMBOL, smallConfig(), null, null);
    assertThat(f.barsSeen()).isZero();
    assertThat(f.modelVersion()).isZero();
    assertThat(f.symbol()).isEqualTo(SYMBOL);
    assertThat(f.modelBytes())
        .isEqualTo(SymbolForecaster.create(SYMBOL, smallConfig()).modelBytes());
  }

  @Test
  void shouldRejectCorruptOrForeignBytes() {
    // Given valid bytes of a trained forecaster
    ForecasterConfig cfg = smallConfig();
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, cfg);
    feed(f, SyntheticBars.ar1(SYMBOL, 40, 0.3, 0.01, 7));
    byte[] state = f.stateBytes();
    byte[] model = f.modelBytes();

    // Then flipped bits, truncation, swapped kinds, other symbols and architectures all fail
    byte[] flipped = state.clone();
    flipped[flipped.length / 2] ^= 0x10;
    assertThatThrownBy(() -> SymbolForecaster.restore(SYMBOL, cfg, main(flipped), model))
        .isInstanceOf(ModelException.class).hasMessageContaining("checksum");
    byte[] truncated = java.util.Arrays.copyOf(model, model.length - 9);
    assertThatThrownBy(() -> SymbolForecaster.restore(SYMBOL, cfg, f.fullState(), truncated))
        .isInstanceOf(ModelException.class);
    assertThatThrownBy(() -> SymbolForecaster.restore(SYMBOL, cfg, main(model), state))
        .isInstanceOf(ModelException.class).hasMessageContaining("kind");
    assertThatThrownBy(() -> SymbolForecaster.restore("OTHER", cfg, f.fullState(), model))
        .isInstanceOf(ModelException.class).hasMessageContaining("OTHER");
    assertThatThrownBy(() -> SymbolForecaster.restore(SYMBOL, cfg.withHiddenSize(9), f.fullState(), model))
        .isInstanceOf(ModelException.class).hasMessageContaining("H=8");
    assertThatThrownBy(() -> SymbolForecaster.restore(SYMBOL, cfg, main(state), null))
        .isInstanceOf(ModelException.class).hasMessageContaining("row");
    assertThatThrownBy(() -> SymbolForecaster.restore(SYMBOL, cfg, main(new byte[] {1, 2, 3}), null))
        .isInstanceOf(ModelException.class);
    assertThatThrownBy(() -> SymbolForecaster.restore(SYMBOL, cfg, main(new byte[0]), null))
        .isInstanceOf(ModelException.class);
  }

  @Test
  void shouldKeepStateSmall() {
    // Given the default geometry (T = 32, B = 16, evalWindow = 500); H does not affect the state
    SymbolForecaster f =
        SymbolForecaster.create(SYMBOL, ForecasterConfig.defaults().withHiddenSize(2));

    // When some forecasts have been scored
    List<BarResult> r = feed(f, SyntheticBars.ar1(SYMBOL, 80, 0.3, 0.01, 8));
    long scored = r.get(r.size() - 1).score().scored();

    // Then each windowed forecast costs 20 bytes (5 x float32) on top of a fixed part of under
    // 2 KB (mostly the ring of T + B rows): under 12 KB with a full 500-bar window
    int size = f.stateBytes().length;
    assertThat(scored).isPositive();
    assertThat(size - 20 * scored).isLessThan(2_000);
  }


  /** A store holding only a main state record (no sequence rows). */
  private static io.tickcast.model.pipeline.MapStateStore main(byte[] record) {
    io.tickcast.model.pipeline.MapStateStore store = new io.tickcast.model.pipeline.MapStateStore();
    store.put(SymbolForecaster.MAIN_KEY, record);
    return store;
  }
}
