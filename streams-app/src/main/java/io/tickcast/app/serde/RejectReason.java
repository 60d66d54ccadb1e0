package io.tickcast.app.serde;

import java.util.Locale;

/**
 * Why a record went to a dead-letter topic. {@link #code()} is the machine-readable value of the
 * {@code tickcast.dlq.reason} header and of the {@code reason} metric tag (a bounded set).
 */
public enum RejectReason {
  MALFORMED_JSON,
  EMPTY_VALUE,
  MISSING_FIELD,
  WRONG_TYPE,
  NON_FINITE,
  NON_POSITIVE_PRICE,
  NEGATIVE_SIZE,
  VALUE_OUT_OF_RANGE,
  TIMESTAMP_OUT_OF_RANGE,
  KEY_MISMATCH,
  SYMBOL_TOO_LONG,
  INVALID_SYMBOL,
  OVERSIZED,
  DUPLICATE,
  LATE,
  INVALID_BAR,
  DESERIALIZATION_ERROR,
  PROCESSING_ERROR;

  /** Lower-case snake code, e.g. {@code malformed_json}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
