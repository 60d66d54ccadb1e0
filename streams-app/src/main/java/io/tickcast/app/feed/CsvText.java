package io.tickcast.app.feed;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Stateless text helpers of {@link TradeCsv}: field splitting, time parsing, gzip sniffing. */
final class CsvText {

  private CsvText() {}

  /**
   * Splits one CSV line on commas. A field may be quoted with {@code "}, with {@code ""} for a
   * literal quote.
   */
  static List<String> splitFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** Parses epoch time and shifts it to milliseconds. The fast path is a plain integer. */
  static long parseEpoch(String text, int decimalsToMs) {
    if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
      return Math.multiplyExact(Long.parseLong(text), decimalsToMs == 3 ? 1000L : 1L);
    }
    return new BigDecimal(text)
        .movePointRight(decimalsToMs)
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  static long parseIso(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeException notInstant) {
      try {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeException notOffset) {
        // Exports often write "2013-11-25 00:00:13" without a zone; the columns are UTC.
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
    }
  }

  static int indexOfFirst(List<String> header, List<String> candidates) {
    for (String candidate : candidates) {
      int index = header.indexOf(candidate);
      if (index >= 0) {
        return index;
      }
    }
    return -1;
  }

  static InputStream maybeGunzip(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    boolean gzip = first == 0x1f && second == 0x8b;
    return gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
  }
}
