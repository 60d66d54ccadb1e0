package io.tickcast.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code /api/symbols} decodes every local symbol's state at most once per TTL, whoever polls. */
class RecentValueTest {

  private final AtomicLong now = new AtomicLong(5_000);
  private final AtomicInteger computations = new AtomicInteger();

  @Test
  void shouldComputeOncePerTtlHoweverOftenItIsAsked() {
    RecentValue<Integer> v = new RecentValue<>(computations::incrementAndGet, 1_000, now::get);
    // Ten polls within the TTL (ten live-page tabs) share one computation
    for (int i = 0; i < 10; i++) {
      assertThat(v.get()).isEqualTo(1);
      now.addAndGet(99);
    }
    // After the TTL the next poll recomputes
    now.addAndGet(10);
    assertThat(v.get()).isEqualTo(2);
    assertThat(computations.get()).isEqualTo(2);
  }

  @Test
  void shouldReuseASlowComputationForTheTtlAfterItEnds() {
    // Given a computation that takes twice the TTL
    RecentValue<Integer> v = new RecentValue<>(() -> {
      now.addAndGet(2_000);
      return computations.incrementAndGet();
    }, 1_000, now::get);
    assertThat(v.get()).isEqualTo(1);
    // When asked again right after it ended, then its result is reused, not recomputed
    now.addAndGet(500);
    assertThat(v.get()).isEqualTo(1);
    assertThat(computations.get()).isEqualTo(1);
  }

  @Test
  void shouldNotRememberAFailedComputation() {
    RecentValue<Integer> v = new RecentValue<>(() -> {
      if (computations.incrementAndGet() == 1) {
        throw new IllegalStateException("stores migrating");
      }
      return computations.get();
    }, 1_000, now::get);
    assertThatThrownBy(v::get).isInstanceOf(IllegalStateException.class);
    // Asked again at once, it computes again instead of serving the failure or nothing
    assertThat(v.get()).isEqualTo(2);
  }
}
