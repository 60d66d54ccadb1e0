package io.tickcast.app.feed;

import io.tickcast.app.serde.TickParser;
import io.tickcast.model.domain.Tick;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trades CSV format: where {@link TradeCsv} finds each field, resolved once from the header
 * row (names in any order and case; see {@link TradeCsv} for the accepted names; a missing index
 * is -1), and how a data row becomes a {@link Tick}. The reader keeps the file, the line numbers
 * and the bad-row report.
 */
record CsvColumns(TimeFormat format, int time, int price, int size, int symbol, int id,
    List<String> header) {

  /** How the time column is written. */
  enum TimeFormat {
    EPOCH_MS,
    EPOCH_S,
    ISO
  }

  private static final List<String> EPOCH_MS_COLUMNS = List.of("ts");
  private static final List<String> EPOCH_S_COLUMNS = List.of("ts_unix_s");
  private static final List<String> ISO_COLUMNS = List.of("timestamp_utc", "timestamp");
  private static final List<String> PRICE_COLUMNS = List.of("price", "price_usd");
  private static final List<String> SIZE_COLUMNS = List.of("size", "amount", "amount_btc", "volume");
  private static final String SYMBOL_COLUMN = "symbol";
  private static final List<String> ID_COLUMNS = List.of("tid", "id", "trade_id");

  /**
   * Resolves the columns of a header row.
   *
   * @throws IllegalArgumentException naming {@code source} if a time, price or size column is
   *     missing, or the symbol column is missing and there is no default symbol
   */
  static CsvColumns of(String source, List<String> rawHeader, boolean hasDefaultSymbol) {
    List<String> header = new ArrayList<>();
    for (String name : rawHeader) {
      header.add(name.trim().toLowerCase(Locale.ROOT));
    }
    int msIndex = CsvText.indexOfFirst(header, EPOCH_MS_COLUMNS);
    int secondsIndex = CsvText.indexOfFirst(header, EPOCH_S_COLUMNS);
    int isoIndex = CsvText.indexOfFirst(header, ISO_COLUMNS);
    TimeFormat format;
    int time;
    if (msIndex >= 0) {
      format = TimeFormat.EPOCH_MS;
      time = msIndex;
    } else if (secondsIndex >= 0) {
      format = TimeFormat.EPOCH_S;
      time = secondsIndex;
    } else if (isoIndex >= 0) {
      format = TimeFormat.ISO;
      time = isoIndex;
    } else {
      throw missing(source, "time", List.of("ts", "ts_unix_s", "timestamp_utc", "timestamp"), header);
    }
    int price = CsvText.indexOfFirst(header, PRICE_COLUMNS);
    if (price < 0) {
      throw missing(source, "price", PRICE_COLUMNS, header);
    }
    int size = CsvText.indexOfFirst(header, SIZE_COLUMNS);
    if (size < 0) {
      throw missing(source, "size", SIZE_COLUMNS, header);
    }
    int symbol = header.indexOf(SYMBOL_COLUMN);
    if (symbol < 0 && !hasDefaultSymbol) {
      throw new IllegalArgumentException(
          source + " has no 'symbol' column and no default symbol was given; header: " + header);
    }
    return new CsvColumns(format, time, price, size, symbol,
        CsvText.indexOfFirst(header, ID_COLUMNS), List.copyOf(header));
  }

  /** Fields a row needs at least (the optional id column may be missing at the end of a row). */
  int minFields() {
    return Math.max(Math.max(time, price), Math.max(size, symbol)) + 1;
  }

  /** Why a data row cannot become a tick (the reader counts it and goes on). */
  static final class BadRow extends Exception {

    private static final long serialVersionUID = 1L;

    BadRow(String reason) {
      // No stack trace: a bad row is data, reported by line number, not a fault in the code.
      super(reason, null, false, false);
    }
  }

  /**
   * The tick of a data row's {@code fields}, with {@code defaultSymbol} (may be null) for a blank
   * or missing symbol.
   *
   * @throws BadRow saying why the row cannot become a tick
   */
  Tick tick(List<String> fields, String defaultSymbol) throws BadRow {
    if (fields.size() < minFields()) {
      throw new BadRow("expected at least " + minFields() + " fields, found " + fields.size());
    }
    String timeText = fields.get(time).trim();
    try {
      long tsMs = parseTime(timeText);
      double p = Double.parseDouble(fields.get(price).trim());
      double s = Double.parseDouble(fields.get(size).trim());
      String sym = symbol >= 0 ? fields.get(symbol).trim() : "";
      if (sym.isEmpty()) {
        sym = defaultSymbol;
      }
      if (sym == null) {
        throw new BadRow("blank symbol and no default symbol");
      }
      if (p > 0 && s >= 0 && !TickParser.inRange(p, s)) {
        // The stream would dead-letter it (value_out_of_range); in a bar it would make the sums infinite.
        throw new BadRow("price outside [1e-30, 1e30] or size above 1e30");
      }
      String tradeId = id >= 0 && id < fields.size() ? fields.get(id).trim() : "";
      return new Tick(sym, tsMs, p, s, tradeId.isEmpty() ? null : tradeId);
    } catch (DateTimeException e) {
      throw new BadRow("time '" + timeText + "' is not ISO-8601: " + e.getMessage());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadRow("a number does not parse: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      // Tick's constructor rejects non-positive or non-finite prices and negative sizes.
      throw new BadRow(e.getMessage());
    }
  }

  /** Event time of a time field, epoch ms. */
  long parseTime(String text) {
    return switch (format) {
      case EPOCH_MS -> CsvText.parseEpoch(text, 0);
      case EPOCH_S -> CsvText.parseEpoch(text, 3);
      case ISO -> CsvText.parseIso(text);
    };
  }

  /** For the log line: which column holds what. */
  String describe() {
    return "time column '" + header.get(time) + "' (" + format + "), price '" + header.get(price)
        + "', size '" + header.get(size) + "', id " + (id >= 0 ? "'" + header.get(id) + "'" : "none");
  }

  private static IllegalArgumentException missing(String source, String what, List<String> accepted,
      List<String> header) {
    return new IllegalArgumentException(
        source + " has no " + what + " column (one of " + accepted + "); header: " + header);
  }
}
