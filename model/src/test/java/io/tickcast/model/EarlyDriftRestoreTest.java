package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.fixtures.BarFeed;
import io.tickcast.model.fixtures.TwinRun;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A forecaster restarted on every bar (a rebalancing storm) through a drift alarm that comes
 * early, while the recovery tracker has fewer than its window of calm bars and so takes its
 * pre-drift level from the rolling window: the restored forecaster must still match its twin.
 */
class EarlyDriftRestoreTest {

  @Test
  void restoringOnEveryBarThroughAnEarlyDriftAlarmChangesNothing() {
    TwinRun run = new TwinRun("EARLY", ForecasterConfig.defaults(), 1);
    BarFeed feed = new BarFeed("EARLY", 100);
    run.feed(feed.first());
    Random rnd = new Random(7);
    for (int t = 0; t < 300; t++) {
      // Calm, then ten times the volatility from bar 62: the error test alarms within the
      // tracker's first 50 scored bars
      double sd = t < 62 ? 1e-3 : 1e-2;
      run.feed(feed.next(sd * rnd.nextGaussian()));
    }
    assertThat(run.twin().drifts()).isPositive();
    assertThat(run.restores()).isEqualTo(301);
  }
}
