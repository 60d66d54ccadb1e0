package io.tickcast.model.domain;

import java.util.Objects;

/**
 * One trade print of a symbol.
 *
 * <p>{@code tsMs} is the trade's event time in epoch milliseconds (UTC), as reported by the
 * venue; {@code price} is in the quote currency and {@code size} in units of the instrument.
 * Immutable; the constructor rejects what no bar may contain (blank symbol, non-finite or
 * non-positive price, non-finite or negative size), so an invalid tick never reaches a bar.
 */
public record Tick(String symbol, long tsMs, double price, double size) {

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
  }
}
