package io.tickcast.model.domain;

import java.util.Objects;

/**
 * One trade print of a symbol.
 *
 * <p>{@code tsMs} is the trade's event time in epoch milliseconds (UTC), as reported by the
 * venue; {@code price} is in the quote currency and {@code size} in units of the instrument.
 * Immutable; the constructor rejects what no bar may contain (blank symbol, non-finite or
 * non-positive price, non-finite or negative size), so an invalid tick never reaches a bar.
 *
 * <p>{@code id} is the venue's trade id, or {@code null} when the feed has none. It identifies a
 * trade within its symbol, so a re-delivered trade can be told apart from a distinct trade with the
 * same time, price and size (split fills, second-resolution feeds). Numeric ids are kept as their
 * decimal text.
 */
public record Tick(String symbol, long tsMs, double price, double size, String id) {

  /** A tick without a trade id. */
  public Tick(String symbol, long tsMs, double price, double size) {
    this(symbol, tsMs, price, size, null);
  }

  public Tick {
    Objects.requireNonNull(symbol, "symbol");
    if (symbol.isBlank()) {
      throw new IllegalArgumentException("tick symbol is blank");
    }
    if (!Double.isFinite(price) || price <= 0) {
      throw new IllegalArgumentException("tick price must be finite and > 0, was " + price);
    }
    if (!Double.isFinite(size) || size < 0) {
      throw new IllegalArgumentException("tick size must be finite and >= 0, was " + size);
    }
    if (id != null && id.isEmpty()) {
      throw new IllegalArgumentException("tick id is empty (use null for no id)");
    }
  }

  /** True when the tick carries a trade id. */
  public boolean hasId() {
    return id != null;
  }
}
