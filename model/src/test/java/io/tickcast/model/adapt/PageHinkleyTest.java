package io.tickcast.model.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {

  private static final double DELTA = 0.25;
  private static final double LAMBDA = 20;

  @Test
  void shouldDetectAUnitMeanShiftWithTheExpectedDelay() {
    // Given N(0,1) for 1000 steps, then N(1,1): expected delay ~ lambda / (1 - delta) = 27
    int[] delays = new int[20];
    for (int seed = 0; seed < delays.length; seed++) {
      Random rnd = new Random(seed);
      PageHinkley ph = new PageHinkley(DELTA, LAMBDA, 30);
      int alarmAt = -1;
      for (int t = 0; t < 1300 && alarmAt < 0; t++) {
        double x = rnd.nextGaussian() + (t >= 1000 ? 1.0 : 0.0);
        if (ph.add(x)) {
          alarmAt = t;
        }
      }
      delays[seed] = alarmAt - 1000;
    }
    // Then every run alarms after the shift, within a delay band around the theory
    for (int d : delays) {
      assertThat(d).as("delays %s", java.util.Arrays.toString(delays)).isBetween(0, 120);
    }
    double mean = java.util.Arrays.stream(delays).average().orElseThrow();
    assertThat(mean).as("mean delay, theory ~27").isBetween(10.0, 60.0);
  }

  @Test
  void shouldNotAlarmOnAStationarySeriesOfTheSameLength() {
    for (int seed = 100; seed < 120; seed++) {
      Random rnd = new Random(seed);
      PageHinkley ph = new PageHinkley(DELTA, LAMBDA, 30);
      for (int t = 0; t < 1300; t++) {
        assertThat(ph.add(rnd.nextGaussian())).as("false alarm at %d (seed %d)", t, seed).isFalse();
      }
    }
  }

  @Test
  void shouldRoundTripItsState() {
    PageHinkley a = new PageHinkley(DELTA, LAMBDA, 30);
    Random rnd = new Random(1);
    for (int i = 0; i < 50; i++) {
      a.add(rnd.nextGaussian());
    }
    PageHinkley b = new PageHinkley(DELTA, LAMBDA, 30);
    b.restore(a.state());
    PageHinkley c = new PageHinkley(DELTA, LAMBDA, 30);
    double[] s = a.state();
    c.restore(a.samples(), a.mean(), s[2], s[3]);
    assertThat(c.state()).containsExactly(s);
    for (int i = 0; i < 200; i++) {
      double x = rnd.nextGaussian() + (i > 100 ? 2 : 0);
      boolean alarm = a.add(x);
      assertThat(b.add(x)).isEqualTo(alarm);
      assertThat(c.add(x)).isEqualTo(alarm);
      assertThat(b.statistic()).isEqualTo(a.statistic());
      assertThat(c.state()).containsExactly(a.state());
    }
  }

  @Test
  void shouldDetectAShiftAsFastAfterAHundredMillionCalmSamples() {
    // Given the drift monitor's error test after 10^8 calm scored bars without an alarm (years of
    // 1-second bars): the running mean near its level, the cumulative sum ≈ −δ·n, as doubles
    int[] delays = new int[2];
    long[] history = {1_000, 100_000_000};
    for (int k = 0; k < history.length; k++) {
      PageHinkley ph = new PageHinkley(0.5, 30, 30);
      double cumulative = -0.5 * history[k];
      ph.restore(history[k], 1.0, cumulative, cumulative);
      Random rnd = new Random(9);
      int alarmAt = -1;
      // When 500 more calm samples, then the level triples
      for (int t = 0; t < 700 && alarmAt < 0; t++) {
        double x = (t < 500 ? 1.0 : 3.0) * (0.5 + rnd.nextDouble());
        if (ph.add(x)) {
          alarmAt = t;
        }
      }
      delays[k] = alarmAt - 500;
    }
    // Then it alarms after the shift, about λ / (2 − δ) = 20 samples late, whatever the history
    assertThat(delays[1]).isBetween(10, 40).isEqualTo(delays[0]);
  }
}
