package io.tickcast.model.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.domain.Tick;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionRuleTest {

  private final AdmissionRule rule = new AdmissionRule(60_000, 10_000);

  @Test
  void windowsAreEpochAlignedAlsoBeforeTheEpoch() {
    assertThat(rule.windowStart(125_000)).isEqualTo(120_000);
    assertThat(rule.windowStart(120_000)).isEqualTo(120_000);
    assertThat(rule.windowStart(-1)).isEqualTo(-60_000);
    assertThat(rule.closeAt(120_000)).isEqualTo(190_000);
  }

  @Test
  void aBarClosesExactlyWhenStreamTimeReachesEndPlusGrace() {
    assertThat(rule.closed(120_000, AdmissionRule.NO_STREAM_TIME)).isFalse();
    assertThat(rule.closed(120_000, 189_999)).isFalse();
    assertThat(rule.closed(120_000, 190_000)).isTrue();
  }

  @Test
  void onlyAKnownFingerprintIsADuplicate() {
    Set<Long> seen = Set.of(7L);
    assertThat(rule.duplicate(7L, seen::contains)).isTrue();
    assertThat(rule.duplicate(8L, seen::contains)).isFalse();
    assertThat(rule.duplicate(AdmissionRule.NO_KEY, fp -> true)).isFalse();
  }

  @Test
  void streamTimeNeverGoesBack() {
    assertThat(AdmissionRule.advance(AdmissionRule.NO_STREAM_TIME, 5)).isEqualTo(5);
    assertThat(AdmissionRule.advance(9, 5)).isEqualTo(9);
  }

  @Test
  void rejectsInvalidSizes() {
    assertThatThrownBy(() -> new AdmissionRule(0, 0)).hasMessageContaining("barMs");
    assertThatThrownBy(() -> new AdmissionRule(1, -1)).hasMessageContaining("graceMs");
  }

  @Test
  void tickAdmissionAppliesTheRuleAndForgetsClosedBars() {
    TickAdmission a = new TickAdmission(60_000, 10_000,
        t -> t.hasId() ? Long.parseLong(t.id()) : TickAdmission.NO_KEY);
    assertThat(a.admit(tick(125_000, "1"))).isEqualTo(TickAdmission.Verdict.ACCEPT);
    assertThat(a.admit(tick(126_000, "1"))).isEqualTo(TickAdmission.Verdict.DUPLICATE);
    assertThat(a.admit(tick(126_000, null))).isEqualTo(TickAdmission.Verdict.ACCEPT);
    assertThat(a.admit(tick(190_000, "2"))).isEqualTo(TickAdmission.Verdict.ACCEPT);
    // The bar [120 s, 180 s) closed at stream time 190 s: late, not a duplicate.
    assertThat(a.admit(tick(179_999, "1"))).isEqualTo(TickAdmission.Verdict.LATE);
    assertThat(a.closed(180_000)).isTrue();
    assertThat(a.closed(240_000)).isFalse();
    // Same id in another bar is not a duplicate.
    assertThat(a.admit(tick(181_000, "1"))).isEqualTo(TickAdmission.Verdict.ACCEPT);
  }

  private static Tick tick(long ts, String id) {
    return new Tick("A", ts, 100.0, 1.0, id);
  }
}
