package io.tickcast.app.topology;

import java.util.Objects;

/**
 * A record after validation: either the parsed {@code value} or a rejection with a reason code.
 * {@code raw} always holds the original value bytes, untouched, for the dead-letter topic.
 * Lives only between processors of one sub-topology; it is never serialised.
 */
record Parsed<T>(T value, byte[] raw, String reason) {

  static <T> Parsed<T> ok(T value, byte[] raw) {
    return new Parsed<>(Objects.requireNonNull(value), raw, null);
  }

  static <T> Parsed<T> rejected(String reason, byte[] raw) {
    return new Parsed<>(null, raw, Objects.requireNonNull(reason));
  }

  boolean valid() {
    return value != null;
  }
}
