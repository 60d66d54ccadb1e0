package io.tickcast.app.serde;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;

/**
 * Reads the usual tick, a flat JSON object of plain values, without Jackson: parser construction
 * alone was a third of the parse time. It accepts only a strict subset of JSON: one object whose
 * keys and string values are printable ASCII without escapes, numbers in JSON's grammar (integers
 * of at most 18 digits, so they fit a long), {@code null}, {@code true} and {@code false}, with
 * JSON whitespace between tokens. Anything else — escapes, non-ASCII text, nested values, longer
 * integers, NaN, malformed or trailing content — makes it give up, and the caller parses the
 * record with Jackson, so every verdict and message stays Jackson's. Values are those Jackson
 * reads: a fraction or exponent gives what {@link Double#parseDouble} gives (short plain decimals
 * by a fast exact path, {@link #decimal}), an integer a long.
 * Stateless and thread-safe.
 */
final class FlatTickScanner {

  private static final int MAX_INT_DIGITS = 18;
  private static final int MAX_NUMBER_CHARS = 64;
  /** Digits of a decimal read without {@link Double#parseDouble}: 10^15 - 1 < 2^53. */
  private static final int MAX_FAST_DIGITS = 15;
  private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
      1e11, 1e12, 1e13, 1e14, 1e15};

  private FlatTickScanner() {}

  /**
   * Fills the fields from {@code v} and returns true, or returns false (fields in any state) when
   * the value is not in the flat subset.
   */
  static boolean scan(byte[] v, TickField symbol, TickField ts, TickField price, TickField size,
      TickField id) {
    return scan(v, null, symbol, ts, price, size, id);
  }

  /**
   * As {@link #scan(byte[], TickField, TickField, TickField, TickField, TickField)}; a symbol equal
   * to {@code expectedSymbol} (the record key, usually) is set to that very string instead of a
   * new one.
   */
  static boolean scan(byte[] v, String expectedSymbol, TickField symbol, TickField ts,
      TickField price, TickField size, TickField id) {
    int i = skipWs(v, 0);
    if (i >= v.length || v[i] != '{') {
      return false;
    }
    i = skipWs(v, i + 1);
    if (i < v.length && v[i] == '}') {
      return skipWs(v, i + 1) == v.length;
    }
    while (true) {
      // key
      if (i >= v.length || v[i] != '"') {
        return false;
      }
      int keyStart = i + 1;
      int keyEnd = stringEnd(v, keyStart);
      if (keyEnd < 0) {
        return false;
      }
      i = skipWs(v, keyEnd + 1);
      if (i >= v.length || v[i] != ':') {
        return false;
      }
      i = skipWs(v, i + 1);
      TickField f = field(v, keyStart, keyEnd - keyStart, symbol, ts, price, size, id);
      i = value(v, i, f, f == symbol ? expectedSymbol : null);
      if (i < 0) {
        return false;
      }
      i = skipWs(v, i);
      if (i >= v.length) {
        return false;
      }
      if (v[i] == '}') {
        return skipWs(v, i + 1) == v.length;
      }
      if (v[i] != ',') {
        return false;
      }
      i = skipWs(v, i + 1);
    }
  }

  /** The field a key names, or null for a key that is not a tick field (value checked, then dropped). */
  private static TickField field(byte[] v, int at, int len, TickField symbol, TickField ts,
      TickField price, TickField size, TickField id) {
    return switch (len) {
      case 2 -> v[at] == 't' && v[at + 1] == 's' ? ts : v[at] == 'i' && v[at + 1] == 'd' ? id : null;
      case 4 -> is(v, at, "size") ? size : null;
      case 5 -> is(v, at, "price") ? price : null;
      case 6 -> is(v, at, "symbol") ? symbol : null;
      default -> null;
    };
  }

  /** Whether the {@code len} bytes at {@code at} are the characters of {@code text}. */
  private static boolean is(byte[] v, int at, int len, String text) {
    return len == text.length() && is(v, at, text);
  }

  private static boolean is(byte[] v, int at, String name) {
    for (int k = 0; k < name.length(); k++) {
      if (v[at + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Reads one value at {@code i} into {@code f} (if not null); the index after it, or -1. */
  private static int value(byte[] v, int i, TickField f, String expected) {
    if (i >= v.length) {
      return -1;
    }
    byte c = v[i];
    if (c == '"') {
      int end = stringEnd(v, i + 1);
      if (end >= 0 && f != null) {
        // Printable ASCII only, so Latin-1 decoding is the UTF-8 text.
        f.setText(expected != null && is(v, i + 1, end - i - 1, expected) ? expected
            : new String(v, i + 1, end - i - 1, StandardCharsets.ISO_8859_1));
      }
      return end < 0 ? -1 : end + 1;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number(v, i, f);
    }
    if (literal(v, i, "null")) {
      set(f, JsonToken.VALUE_NULL);
      return i + 4;
    }
    if (literal(v, i, "true")) {
      set(f, JsonToken.VALUE_TRUE);
      return i + 4;
    }
    if (literal(v, i, "false")) {
      set(f, JsonToken.VALUE_FALSE);
      return i + 5;
    }
    return -1;
  }

  private static void set(TickField f, JsonToken kind) {
    if (f != null) {
      f.setKind(kind);
    }
  }

  /** A literal followed by a delimiter (not by more letters, which Jackson would reject). */
  private static boolean literal(byte[] v, int i, String word) {
    if (i + word.length() > v.length || !is(v, i, word)) {
      return false;
    }
    int after = i + word.length();
    return after == v.length || delimiter(v[after]);
  }

  /** JSON number grammar {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; -1 if not. */
  private static int number(byte[] v, int start, TickField f) {
    int i = start;
    if (v[i] == '-') {
      i++;
    }
    int intStart = i;
    if (i < v.length && v[i] == '0') {
      i++;
    } else {
      while (i < v.length && v[i] >= '0' && v[i] <= '9') {
        i++;
      }
    }
    int intDigits = i - intStart;
    if (intDigits == 0) {
      return -1;
    }
    boolean integral = true;
    if (i < v.length && v[i] == '.') {
      integral = false;
      int fracStart = ++i;
      while (i < v.length && v[i] >= '0' && v[i] <= '9') {
        i++;
      }
      if (i == fracStart) {
        return -1;
      }
    }
    if (i < v.length && (v[i] == 'e' || v[i] == 'E')) {
      integral = false;
      i++;
      if (i < v.length && (v[i] == '+' || v[i] == '-')) {
        i++;
      }
      int expStart = i;
      while (i < v.length && v[i] >= '0' && v[i] <= '9') {
        i++;
      }
      if (i == expStart) {
        return -1;
      }
    }
    if (i < v.length && !delimiter(v[i])) {
      return -1;
    }
    if (i - start > MAX_NUMBER_CHARS || (integral && intDigits > MAX_INT_DIGITS)) {
      return -1;
    }
    if (f != null) {
      if (integral) {
        long n = 0;
        for (int k = intStart; k < i; k++) {
          n = n * 10 + (v[k] - '0');
        }
        f.setLong(v[start] == '-' ? -n : n);
      } else {
        f.setDouble(decimal(v, start, i));
      }
    }
    return i;
  }

  /**
   * The double of the JSON number {@code v[start, end)}, exactly what {@link Double#parseDouble}
   * returns. Plain decimals {@code -?d+.d+} of at most 15 digits take Clinger's fast path: the
   * digits as a long m < 10^15 < 2^53 and 10^k (k <= 15 fraction digits) are both exact doubles,
   * so m / 10^k is the correctly rounded quotient, i.e. the correctly rounded value of the text.
   * Anything else (exponents, more digits) is parsed by {@link Double#parseDouble}.
   */
  static double decimal(byte[] v, int start, int end) {
    int i = start;
    boolean negative = v[i] == '-';
    if (negative) {
      i++;
    }
    long m = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < end; i++) {
      byte c = v[i];
      if (c == '.') {
        fraction = 0;
      } else if (c >= '0' && c <= '9' && digits < MAX_FAST_DIGITS) {
        m = m * 10 + (c - '0');
        digits++;
        if (fraction >= 0) {
          fraction++;
        }
      } else {
        return Double.parseDouble(new String(v, start, end - start, StandardCharsets.ISO_8859_1));
      }
    }
    double d = fraction > 0 ? m / POW10[fraction] : m;
    return negative ? -d : d;
  }

  /** End quote of a string starting at {@code i}, or -1 if it has escapes, control or non-ASCII bytes. */
  private static int stringEnd(byte[] v, int i) {
    for (; i < v.length; i++) {
      byte c = v[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\' || c < 0x20 || c == 0x7f) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean delimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || isWs(c);
  }

  private static int skipWs(byte[] v, int i) {
    while (i < v.length && isWs(v[i])) {
      i++;
    }
    return i;
  }

  private static boolean isWs(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
