package io.tickcast.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.persistence.StateCodec;
import io.tickcast.model.pipeline.MapStateStore;
import io.tickcast.model.pipeline.PipelineState;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query view reads a symbol's main record and its sequence rows while the stream thread
 * writes them: a read whose rows lag the main record (seen as "sequence row N missing" / "slot
 * holds row N" WARN lines of the history sampler) is retried, and given up on as a transient
 * {@link StateInFluxException}, never as a corrupt state; a main record that reads the same on
 * every attempt is corrupt and its {@link ModelException} is rethrown.
 */
class TornReadTest {

  private static final String SYMBOL = "BTC";
  private static final long MIN = 60_000L;

  private final ForecasterConfig config = AppConfigLoader.fromLayers(Map.of("model.seq.length", "8",
      "model.batch.size", "4", "model.hidden.size", "8"), Map.of()).model();
  private Map<String, byte[]> before;
  private MapStateStore stale;
  private Map<String, byte[]> middle;
  private Map<String, byte[]> after;
  /** Reads of the main record through the store (the caller's first read is not one). */
  private final AtomicInteger mainReads = new AtomicInteger();

  @BeforeEach
  void setUp() {
    // The stored state after 40 bars, and after 12 more (each of which wrote a row)
    SymbolForecaster f = SymbolForecaster.create(SYMBOL, config);
    for (int i = 0; i < 52; i++) {
      double p = 100 + Math.sin(i / 3.0);
      f.onBar(new Bar(SYMBOL, i * MIN, (i + 1) * MIN, p, p + 0.5, p - 0.5, p + 0.1, 10, p, 5));
      if (i == 39) {
        stale = f.fullState();
        before = stale.contents();
      }
      if (i == 45) {
        middle = f.fullState().contents();
      }
    }
    after = f.fullState().contents();
  }

  /** The store as the query sees it: the new main record, rows of the old one until the given read. */
  private Function<String, byte[]> rowsLagUntilMainRead(int reads) {
    return key -> {
      if (key.equals(SYMBOL)) {
        mainReads.incrementAndGet();
        return after.get(SymbolForecaster.MAIN_KEY);
      }
      String part = key.substring(SYMBOL.length() + 1);
      return (mainReads.get() < reads ? before : after).get(part);
    };
  }

  @Test
  void shouldDecodeAStateWhoseRowsLaggedTheMainRecordOnTheFirstRead() {
    byte[] main = after.get(SymbolForecaster.MAIN_KEY);
    // Given rows that lag the main record on the first read: the plain decode fails on them
    assertThatThrownBy(() -> StateCodec.decode(main, SYMBOL, config, stale))
        .isInstanceOf(ModelException.class);
    // When the view decodes it, then it re-reads and gets the 52 bars' state
    PipelineState s = SymbolStateView.decode(rowsLagUntilMainRead(1), main, SYMBOL, config);
    assertThat(s.features().barsSeen()).isEqualTo(52);
    assertThat(mainReads.get()).isEqualTo(1);
  }

  /**
   * The store as the query sees it while the stream thread keeps writing: the main record alternates
   * between two newer states on each read, the rows are always the oldest state's.
   */
  private Function<String, byte[]> mainChangesAndRowsLagOnEveryRead() {
    return key -> {
      if (key.equals(SYMBOL)) {
        return (mainReads.incrementAndGet() % 2 == 0 ? after : middle).get(SymbolForecaster.MAIN_KEY);
      }
      return before.get(key.substring(SYMBOL.length() + 1));
    };
  }

  @Test
  void shouldGiveUpOnAStateThatKeepsChangingAsTransientAfterAFewAttempts() {
    // Given a main record that changes on every read, with rows that lag it every time
    byte[] main = after.get(SymbolForecaster.MAIN_KEY);
    // Then the view gives up with a transient error (the API answers 503, the sampler skips it)
    assertThatThrownBy(() -> SymbolStateView.decode(mainChangesAndRowsLagOnEveryRead(), main,
        SYMBOL, config))
        .isInstanceOf(StateInFluxException.class)
        .hasMessageContaining("'" + SYMBOL + "'")
        .hasCauseInstanceOf(ModelException.class);
    assertThat(mainReads.get()).isEqualTo(SymbolStateView.READ_ATTEMPTS - 1);
  }

  @Test
  void shouldReportAnUnchangedCorruptMainRecordAsCorruptNotAsInFlux() {
    // Given a main record cut short, which reads the same on every attempt
    byte[] full = after.get(SymbolForecaster.MAIN_KEY);
    byte[] corrupt = Arrays.copyOf(full, full.length / 2);
    Function<String, byte[]> store = key -> {
      if (key.equals(SYMBOL)) {
        mainReads.incrementAndGet();
        return corrupt.clone();
      }
      return after.get(key.substring(SYMBOL.length() + 1));
    };
    // Then, after the same attempts, the view throws the codec's error (500 + ERROR), not a 503
    assertThatThrownBy(() -> SymbolStateView.decode(store, corrupt, SYMBOL, config))
        .isInstanceOf(ModelException.class)
        .isNotInstanceOf(StateInFluxException.class);
    assertThat(mainReads.get()).isEqualTo(SymbolStateView.READ_ATTEMPTS - 1);
  }
}
