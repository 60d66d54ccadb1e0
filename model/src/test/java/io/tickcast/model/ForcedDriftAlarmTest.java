package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.fixtures.SyntheticBars;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiments' forced drift alarm: exactly the next bar alarms, counted like any other. */
class ForcedDriftAlarmTest {

  @Test
  void shouldRaiseOneAlarmOnTheNextBarOnly() {
    // Given a forecaster on calm i.i.d. bars, where no test alarms
    List<Bar> bars = SyntheticBars.iid("FORCE", 400, 0.001, 5);
    SymbolForecaster f = SymbolForecaster.create("FORCE", ForecasterConfig.defaults());
    for (int i = 0; i < 300; i++) {
      f.onBar(bars.get(i));
    }
    long before = f.onBar(bars.get(300)).adaptation().drifts();

    // When an alarm is forced, then two more bars arrive
    f.forceDriftAlarm();
    BarResult forced = f.onBar(bars.get(301));
    BarResult next = f.onBar(bars.get(302));

    // Then the forced bar alarms and counts, the next does not
    assertThat(forced.adaptation().drift()).isTrue();
    assertThat(forced.adaptation().drifts()).isEqualTo(before + 1);
    assertThat(next.adaptation().drift()).isFalse();
    assertThat(next.adaptation().drifts()).isEqualTo(before + 1);
  }
}
