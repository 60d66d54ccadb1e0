package io.tickcast.app.api;

import static io.tickcast.app.api.StoredStates.CHANGING;
import static io.tickcast.app.api.StoredStates.CORRUPT;
import static io.tickcast.app.api.StoredStates.GOOD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.tickcast.model.ModelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/symbols}' local summaries and the per-symbol reads over stores holding a good, a
 * corrupt and a changing (written while read) state: a corrupt one is left out with an ERROR line
 * naming it, a changing one is left out quietly and listed once it settles; per symbol they are
 * the errors the API answers with 500 and 503.
 */
class SymbolStateViewTest {

  private final StoredStates stores = new StoredStates();
  private final SymbolStateView view = new SymbolStateView(stores, stores.config);

  @Test
  void shouldLeaveACorruptStateOutOfTheSummariesLoudlyAndAChangingOneQuietly() {
    // Given a good, a corrupt and a changing state
    List<ApiViews.SymbolSummary> summaries = new ArrayList<>();
    // When the summaries are listed
    List<String> errors = StoredStates.logged(SymbolStateView.class, Level.ERROR,
        () -> summaries.addAll(view.localSummaries()));
    // Then only the good symbol is listed; one ERROR line names the corrupt one, none the changing one
    assertThat(summaries).extracting(ApiViews.SymbolSummary::symbol).containsExactly(GOOD);
    assertThat(summaries.get(0).barsSeen()).isEqualTo(StoredStates.BARS);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("'" + CORRUPT + "'").contains("does not decode");
  }

  @Test
  void shouldListAChangingStateOnceItSettles() {
    // Given the changing state left out of one listing
    assertThat(view.localSummaries()).extracting(ApiViews.SymbolSummary::symbol).doesNotContain(CHANGING);
    // When its writer is done, then the next listing has it, with its newest state
    stores.settle();
    assertThat(view.localSummaries()).extracting(ApiViews.SymbolSummary::symbol).containsExactly(GOOD, CHANGING);
    assertThat(view.summary(CHANGING)).get().extracting(ApiViews.SymbolSummary::barsSeen)
        .isEqualTo((long) StoredStates.BARS);
  }

  @Test
  void shouldThrowWhatTheApiAnswersWith503ForAChangingStateAnd500ForACorruptOne() {
    // A changing state: in flux (503 + Retry-After), after the retries
    assertThatThrownBy(() -> view.summary(CHANGING)).isInstanceOf(StateInFluxException.class)
        .hasMessageContaining("'" + CHANGING + "'");
    assertThatThrownBy(() -> view.model(CHANGING)).isInstanceOf(StateInFluxException.class);
    // A corrupt state: the codec's error (500 + ERROR), never in flux
    assertThatThrownBy(() -> view.summary(CORRUPT)).isInstanceOf(ModelException.class)
        .isNotInstanceOf(StateInFluxException.class);
    assertThatThrownBy(() -> view.model(CORRUPT)).isInstanceOf(ModelException.class)
        .isNotInstanceOf(StateInFluxException.class);
    // A good state reads
    assertThat(view.model(GOOD)).get().extracting(ApiViews.ModelView::barsSeen).isEqualTo((long) StoredStates.BARS);
  }
}
