package io.tickcast.model.training;

import java.util.ArrayList;

/**
 * Scratch objects (computation buffers, not state) reused per thread and shape, so that a live
 * model holds only its parameters and optimizer state while the buffers a step or a forecast
 * needs (hundreds of KB for the LSTM kernel) exist once per thread instead of once per symbol
 * (issue 11: ≈0.7 MB per trained symbol, most of it such buffers).
 *
 * <p>A caller {@link #acquire acquires} a lease for the duration of ONE computation and releases
 * it in a {@code finally}; nothing of a computation survives in the buffers across calls except
 * what the owner can verify (see {@link KernelBackend}'s load ids). So a model may move between
 * threads (Kafka Streams migrates tasks) and several models may share a thread in any order. A
 * nested acquire of the same shape on the same thread (a callback computing with another model
 * while a lease is held) gets a second object, never the busy one.
 *
 * <p>Thread-safety: safe for any number of threads; a lease belongs to the thread that acquired
 * it and must be released by it.
 *
 * @param <T> the scratch type
 */
final class ThreadScratch<T> {

  /** Builds a scratch object for shape {@code (a, b)}. */
  @FunctionalInterface
  interface Factory<T> {
    T create(int a, int b);
  }

  /** A borrowed scratch object; {@link #release} gives it back. Not shared between threads. */
  static final class Lease<T> {
    private final int a;
    private final int b;
    private final T value;
    private boolean busy;

    private Lease(int a, int b, T value) {
      this.a = a;
      this.b = b;
      this.value = value;
    }

    T value() {
      return value;
    }

    void release() {
      busy = false;
    }
  }

  /** Shapes kept per thread; beyond that (many shapes, deep nesting) leases are not pooled. */
  private static final int MAX_PER_THREAD = 8;

  private final Factory<T> factory;
  private final ThreadLocal<ArrayList<Lease<T>>> pool = ThreadLocal.withInitial(ArrayList::new);

  ThreadScratch(Factory<T> factory) {
    this.factory = factory;
  }

  /** A free scratch object of shape {@code (a, b)} for this thread, built on first need. */
  Lease<T> acquire(int a, int b) {
    ArrayList<Lease<T>> leases = pool.get();
    for (int i = 0; i < leases.size(); i++) {
      Lease<T> l = leases.get(i);
      if (!l.busy && l.a == a && l.b == b) {
        l.busy = true;
        return l;
      }
    }
    Lease<T> l = new Lease<>(a, b, factory.create(a, b));
    l.busy = true;
    if (leases.size() < MAX_PER_THREAD) {
      leases.add(l);
    }
    return l;
  }
}
