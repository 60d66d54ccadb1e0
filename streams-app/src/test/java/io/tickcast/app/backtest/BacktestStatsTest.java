package io.tickcast.app.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.BarResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backtest summary reports the catch-up's head refits apart from its optimizer steps. */
class BacktestStatsTest {

  @Test
  void shouldReportHeadRefitsApartFromTheCatchUpSteps() {
    // Given a bar with catch-up steps and bars with refits, applied and refused
    BacktestStats s = new BacktestStats();
    s.extra(new BarResult.ExtraSteps(6, 2, 0, 0, 1_000));
    s.extra(new BarResult.ExtraSteps(0, 0, 1, 0, 1_000));
    s.extra(new BarResult.ExtraSteps(0, 0, 0, 1, 1_000));

    // When summarised
    Map<String, Object> m = s.toMap();

    // Then steps are steps (in the updates), refits are counted apart only
    assertThat(m).containsEntry("catch_up_steps", 6L).containsEntry("head_refits", 1L)
        .containsEntry("head_refits_refused", 1L).containsEntry("rollbacks", 2L);
    assertThat(s.updates()).isEqualTo(6);
  }
}
