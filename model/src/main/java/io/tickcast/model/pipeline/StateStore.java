package io.tickcast.model.pipeline;

/**
 * Where one forecaster's per-bar state lives: a small key-value view, already scoped to the
 * forecaster (the stream processor maps it onto its changelogged store under the symbol's key;
 * the backtest and tests use a {@link MapStateStore}). The forecaster writes its main record and
 * one record per changed sequence row, so a bar costs a few hundred bytes of changelog whatever
 * the ring's capacity.
 *
 * <p>Implementations need not be thread-safe: one owner thread.
 */
public interface StateStore {

  /** The bytes under {@code key}, or null. */
  byte[] get(String key);

  /** Stores {@code value} under {@code key}; null deletes. */
  void put(String key, byte[] value);
}
