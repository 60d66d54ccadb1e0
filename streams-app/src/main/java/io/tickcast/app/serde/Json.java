package io.tickcast.app.serde;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one configured Jackson mapper of the app. Thread-safe once built. */
final class Json {

  /**
   * Non-numeric numbers (NaN, Infinity) are parsed rather than rejected as malformed so that the
   * validator can name the precise reason ({@code non_finite}) in the dead-letter header.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}
}
