package io.tickcast.app.backtest;

import io.tickcast.model.domain.Bar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an OHLCV bars CSV (plain or gzip). Header-driven: the time column is {@code
 * timestamp_utc}/{@code timestamp} (ISO-8601), {@code ts} (epoch ms) or {@code date}
 * ({@code YYYY-MM-DD}, a daily bar starting at 00:00 UTC); then {@code open}, {@code high},
 * {@code low}, {@code close}, optional {@code volume}, optional symbol column. The timestamp is
 * the bar's start; its end is the start plus {@code barLength}.
 *
 * <p>Rows that do not make a valid bar (non-finite, non-positive or mis-ordered prices) are
 * counted in {@link Result#badRows()} and skipped, never passed to the model.
 */
public final class BarCsv {

  private BarCsv() {}

  /** Bars in file order, and the count and first line numbers of the rejected rows. */
  public record Result(List<Bar> bars, long badRows, List<Long> firstBadLines) {}

  /** Reads all bars of {@code file}. */
  public static Result read(Path file, String symbolColumn, String defaultSymbol, Duration barLength)
      throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        BufferedReader r = new BufferedReader(new InputStreamReader(maybeGunzip(raw), StandardCharsets.UTF_8))) {
      String header = r.readLine();
      if (header == null) {
        throw new IOException(file + " is empty");
      }
      if (header.startsWith("\uFEFF")) {
        // Spreadsheet exports start with a UTF-8 byte order mark, which would hide the first column.
        header = header.substring(1);
      }
      Map<String, Integer> col = new HashMap<>();
      String[] names = header.split(",", -1);
      for (int i = 0; i < names.length; i++) {
        col.put(names[i].trim().toLowerCase(Locale.ROOT), i);
      }
      String timeCol = first(col, "timestamp_utc", "timestamp", "ts", "date");
      for (String required : new String[] {"open", "high", "low", "close"}) {
        if (!col.containsKey(required)) {
          throw new IOException(file + ": missing column '" + required + "' in header " + header);
        }
      }
      if (timeCol == null) {
        throw new IOException(file + ": no time column (timestamp_utc, timestamp, ts or date) in " + header);
      }
      Integer symbolIdx = col.get(symbolColumn.toLowerCase(Locale.ROOT));
      Integer volumeIdx = col.get("volume");
      List<Bar> bars = new ArrayList<>();
      long bad = 0;
      List<Long> firstBad = new ArrayList<>();
      long line = 1;
      for (String row = r.readLine(); row != null; row = r.readLine()) {
        line++;
        if (row.isBlank()) {
          continue;
        }
        String[] f = row.split(",", -1);
        try {
          long start = parseTime(timeCol, f[col.get(timeCol)].trim());
          String symbol = symbolIdx != null && !f[symbolIdx].isBlank() ? f[symbolIdx].trim() : defaultSymbol;
          double close = Double.parseDouble(f[col.get("close")]);
          bars.add(new Bar(symbol, start, start + barLength.toMillis(),
              Double.parseDouble(f[col.get("open")]), Double.parseDouble(f[col.get("high")]),
              Double.parseDouble(f[col.get("low")]), close,
              volumeIdx == null || f[volumeIdx].isBlank() ? 0 : Double.parseDouble(f[volumeIdx]),
              close, 0));
        } catch (RuntimeException e) {
          bad++;
          if (firstBad.size() < 5) {
            firstBad.add(line);
          }
        }
      }
      return new Result(bars, bad, firstBad);
    }
  }

  private static long parseTime(String column, String value) {
    return switch (column) {
      case "ts" -> Long.parseLong(value);
      case "date" -> LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      default -> Instant.parse(value.endsWith("Z") || value.contains("+") ? value : value + "Z").toEpochMilli();
    };
  }

  private static String first(Map<String, Integer> col, String... names) {
    for (String n : names) {
      if (col.containsKey(n)) {
        return n;
      }
    }
    return null;
  }

  static InputStream maybeGunzip(InputStream in) throws IOException {
    PushbackInputStream p = new PushbackInputStream(in, 2);
    byte[] magic = p.readNBytes(2);
    if (magic.length > 0) {
      p.unread(magic);
    }
    boolean gz = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    return gz ? new GZIPInputStream(p) : p;
  }
}
