package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.features.SequenceRing;
import io.tickcast.model.fixtures.RegimeSeries;
import io.tickcast.model.fixtures.TwinRun;
import io.tickcast.model.persistence.StateCodec;
import io.tickcast.model.pipeline.BarFeatures;
import io.tickcast.model.pipeline.MapStateStore;
import io.tickcast.model.pipeline.PipelineState;
import org.junit.jupiter.api.Test;

/**
 * The forecaster's bar counters past the int range: the bar count seeds the replay draws, keys
 * the sequence rows (slot = row index mod capacity) and heads the main record. No run gets to
 * 2^32 bars (136 years of 1-second bars), so the state of a trained forecaster is rebuilt with
 * five billion more bars behind it, then restored and run like {@link LongRunTest}.
 */
class LargeCountersTest {

  private static final String SYMBOL = "BIG";
  private static final long SHIFT = 5_000_000_000L;

  @Test
  void aForecasterWithFiveBillionBarsBehindItRunsAndRestoresExactly() {
    ForecasterConfig cfg = ForecasterConfig.defaults();
    RegimeSeries series = new RegimeSeries(SYMBOL, 17);
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, cfg);
    Bar last = series.first();
    f.onBar(last);
    for (int t = 0; t < 1_500; t++) {
      last = series.next();
      f.onBar(last);
    }

    // Given its state with the bar count and row indices moved on by five billion
    MapStateStore full = f.fullState();
    PipelineState s = StateCodec.decode(full.get(SymbolForecaster.MAIN_KEY), SYMBOL, cfg, full);
    BarFeatures b = s.features();
    SequenceRing ring = b.ring();
    float[][] rows = new float[ring.size()][ring.width() + 1];
    for (int k = 0; k < rows.length; k++) {
      ring.exportRow(ring.pushed() - ring.size() + k, rows[k]);
    }
    BarFeatures shifted;
    try {
      shifted = BarFeatures.restore(cfg, b.features(), b.target(), last.close(),
          b.barsSeen() + SHIFT, b.lastEndMs(), rows, BarFeatures.capacity(cfg));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    MapStateStore big = new MapStateStore();
    big.put(SymbolForecaster.MAIN_KEY, StateCodec.encode(new PipelineState(SYMBOL, shifted,
        s.scorer(), s.drift(), s.policy(), s.panel())));
    shifted.writeAllRows(big);

    // When it runs 3,000 more bars, restored every 250 and checked against a twin
    TwinRun run = new TwinRun(SYMBOL, cfg, 250, big, f.modelBytes());
    long version = run.twin().modelVersion();
    assertThat(run.twin().barsSeen()).isEqualTo(1_501 + SHIFT);
    for (int t = 0; t < 3_000; t++) {
      BarResult r = run.feed(series.next());
      assertThat(r.forecast()).isNotNull();
    }

    // Then it kept learning, restored exactly every time, and the counters moved on from there
    assertThat(run.restores()).isEqualTo(12);
    assertThat(run.twin().modelVersion() - version).isGreaterThan(700);
    assertThat(run.live().barsSeen()).isEqualTo(4_501 + SHIFT);
    assertThat(SymbolForecaster.storedVersion(run.store().get(SymbolForecaster.MAIN_KEY))[0])
        .isEqualTo(4_501 + SHIFT);
    assertThat(run.store().contents()).hasSize(1 + BarFeatures.capacity(cfg));
  }
}
