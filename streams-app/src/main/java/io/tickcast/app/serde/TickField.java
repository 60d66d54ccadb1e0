package io.tickcast.app.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One field of a tick as read from its JSON token: the token kind, and the text, integer or double
 * it carries. JSON {@code null} counts as absent. Structured values (objects, arrays) are skipped
 * and only their kind is kept, which is enough to name the wrong type. Filled either by Jackson
 * ({@link #read}) or by {@link FlatTickScanner}, with the same values. Not thread-safe; one per
 * field and parse.
 */
final class TickField {
  /** Null while the field was not seen. */
  JsonToken kind;
  /** A string's value, or an integer outside the long range in canonical decimal form. */
  String text;
  /** A number as a double (what a price or size is). */
  double number;
  /** An integer in the long range. */
  long integer;
  boolean fitsLong;

  void clear() {
    reset(null);
  }

  void setText(String s) {
    reset(JsonToken.VALUE_STRING);
    text = s;
  }

  /** An integer in the long range, as Jackson reads it (its double is the rounded long). */
  void setLong(long v) {
    reset(JsonToken.VALUE_NUMBER_INT);
    fitsLong = true;
    integer = v;
    number = v;
  }

  void setDouble(double v) {
    reset(JsonToken.VALUE_NUMBER_FLOAT);
    number = v;
  }

  /** A value without content: null, true or false. */
  void setKind(JsonToken k) {
    reset(k);
  }

  /** A field of kind {@code k} with no text and no long yet (number left as is: unread). */
  private void reset(JsonToken k) {
    kind = k;
    text = null;
    fitsLong = false;
  }

  /** Reads the value the parser stands on (skipping an object or array). */
  void read(JsonParser p) throws java.io.IOException {
    reset(p.currentToken());
    switch (kind) {
      case VALUE_STRING -> text = p.getText();
      case VALUE_NUMBER_INT -> {
        JsonParser.NumberType t = p.getNumberType();
        fitsLong = t == JsonParser.NumberType.INT || t == JsonParser.NumberType.LONG;
        if (fitsLong) {
          integer = p.getLongValue();
        } else {
          text = p.getBigIntegerValue().toString();
        }
        number = p.getDoubleValue();
      }
      case VALUE_NUMBER_FLOAT -> number = p.getDoubleValue();
      case START_OBJECT, START_ARRAY -> p.skipChildren();
      default -> { }
    }
  }

  boolean absent() {
    return kind == null || kind == JsonToken.VALUE_NULL;
  }

  boolean isText() {
    return kind == JsonToken.VALUE_STRING;
  }

  boolean isNumber() {
    return kind == JsonToken.VALUE_NUMBER_INT || kind == JsonToken.VALUE_NUMBER_FLOAT;
  }

  boolean isLong() {
    return kind == JsonToken.VALUE_NUMBER_INT && fitsLong;
  }
}
