package io.tickcast.app.api;

import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value recomputed at most once per {@code ttlNanos}: callers within that time of the last
 * computation share its result. Used for {@code GET /api/symbols}, which decodes every local
 * symbol's state (tens of KB each) and which every open live page polls every few seconds; a
 * second of staleness is invisible there. Concurrent callers of an expired value wait for one
 * computation instead of starting one each. A computation that throws is not remembered.
 * Thread-safe.
 *
 * @param <T> the value
 */
final class RecentValue<T> {

  private final Supplier<T> compute;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private T value;
  private long computedAt;
  private boolean present;

  RecentValue(Supplier<T> compute, long ttlNanos, LongSupplier nanoTime) {
    this.compute = Objects.requireNonNull(compute);
    this.ttlNanos = ttlNanos;
    this.nanoTime = nanoTime;
  }

  /** The last value if computed less than the TTL ago, else a new one. */
  synchronized T get() {
    if (!present || nanoTime.getAsLong() - computedAt >= ttlNanos) {
      value = compute.get();
      // Timed from the end: a computation slower than the TTL is still reused for the TTL.
      computedAt = nanoTime.getAsLong();
      present = true;
    }
    return value;
  }
}
