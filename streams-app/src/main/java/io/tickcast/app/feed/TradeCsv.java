package io.tickcast.app.feed;

import io.tickcast.model.domain.Tick;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads trades from a CSV file, plain or gzip-compressed, one {@link Tick} at a time.
 *
 * <p>The header row names the columns, in any order and case. Columns that are not listed here
 * are ignored.
 *
 * <ul>
 *   <li>Event time, the first one present out of: {@code ts} (epoch milliseconds), {@code
 *       ts_unix_s} (epoch seconds, fractions allowed), {@code timestamp_utc} or {@code
 *       timestamp} (ISO-8601, e.g. {@code 2013-11-25T00:00:13Z}). An ISO value without an
 *       offset is read as UTC.
 *   <li>Price: {@code price} or {@code price_usd}.
 *   <li>Size: {@code size}, {@code amount}, {@code amount_btc} or {@code volume}.
 *   <li>Symbol (optional): {@code symbol}. If the column is missing or a row leaves it blank, the
 *       default symbol passed to {@code open} is used.
 *   <li>Trade id (optional): {@code tid}, {@code id} or {@code trade_id}, passed through as the
 *       tick's {@code id} (for {@code tick.dedup=id}). A blank field means no id.
 * </ul>
 *
 * <p>A header without a time, price or size column is rejected when the file is opened. Blank
 * lines are skipped. A data row that cannot become a tick (too few fields, a number or time
 * that does not parse, a price that is not positive) is skipped and counted. The first few are
 * logged with their line numbers, a summary is logged at the end, and {@link #badRows()} and
 * {@link #firstBadLines()} report them. A bad row therefore never stops a replay and is never
 * lost without a trace. Fields may be quoted with {@code "}, but a quoted field may not span
 * lines.
 *
 * <p>The file is read lazily and never held in memory, so this class works as an {@link
 * Iterator} or a {@link #stream()}. Close it, or close the stream, to release the file; it also
 * closes itself at the end of the file. An I/O error while reading surfaces as an {@link
 * UncheckedIOException}. Not thread-safe: one consumer at a time.
 */
public final class TradeCsv implements Iterator<Tick>, Closeable {

  private static final Logger log = LoggerFactory.getLogger(TradeCsv.class);

  /** How many bad rows are logged one by one and remembered by line number. */
  static final int BAD_ROWS_DETAILED = 5;

  private final String source;
  private final BufferedReader reader;
  private final String defaultSymbol;
  private final CsvColumns columns;

  private final List<Long> firstBadLines = new ArrayList<>(BAD_ROWS_DETAILED);
  private long lineNumber = 1;
  private long rowsRead;
  private long ticksRead;
  private long badRows;
  private Tick nextTick;
  private boolean finished;
  private boolean closed;

  private TradeCsv(String source, BufferedReader reader, String defaultSymbol) throws IOException {
    this.source = source;
    this.reader = reader;
    this.defaultSymbol = defaultSymbol == null || defaultSymbol.isBlank() ? null : defaultSymbol;

    String headerLine = reader.readLine();
    if (headerLine == null) {
      throw new IllegalArgumentException(source + " is empty: a header row is required");
    }
    if (headerLine.startsWith("\uFEFF")) {
      headerLine = headerLine.substring(1);
    }
    columns = CsvColumns.of(source, CsvText.splitFields(headerLine), this.defaultSymbol != null);
    log.info("Reading trades from {}: {}, symbol {}", source, columns.describe(),
        columns.symbol() >= 0 ? "column 'symbol'" : "'" + this.defaultSymbol + "'");
  }

  /**
   * Opens a trades file. Gzip content is detected from its magic bytes, whatever the file name.
   *
   * @param file the CSV file, plain or gzip-compressed
   * @param defaultSymbol the symbol for rows without one. May be null only if the file has a
   *     {@code symbol} column.
   * @return a reader positioned after the header
   * @throws IOException if the file cannot be opened or its header cannot be read
   * @throws IllegalArgumentException if the header lacks a time, price or size column
   */
  public static TradeCsv open(Path file, String defaultSymbol) throws IOException {
    Objects.requireNonNull(file, "file");
    return read(Files.newInputStream(file), file.toString(), defaultSymbol);
  }

  /**
   * Opens a trades file bundled on the classpath, such as the Bitstamp sample {@code
   * /data/bitstamp_btcusd_trades_20131125_20131201.csv.gz}.
   *
   * @param classpathResource an absolute resource name, starting with {@code /}
   * @param defaultSymbol the symbol for rows without one
   * @return a reader positioned after the header
   * @throws IllegalArgumentException if the resource does not exist or its header is unusable
   * @throws UncheckedIOException if the resource cannot be read
   */
  public static TradeCsv openResource(String classpathResource, String defaultSymbol) {
    Objects.requireNonNull(classpathResource, "classpathResource");
    InputStream in = TradeCsv.class.getResourceAsStream(classpathResource);
    if (in == null) {
      throw new IllegalArgumentException("no classpath resource " + classpathResource);
    }
    try {
      return read(in, "classpath:" + classpathResource, defaultSymbol);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath resource " + classpathResource, e);
    }
  }

  /**
   * Reads trades from a stream, plain or gzip-compressed. The stream is closed by {@link
   * #close()}, or at once if the header is unusable.
   *
   * @param in the CSV bytes, UTF-8
   * @param sourceName names the input in log lines and errors
   * @param defaultSymbol the symbol for rows without one. May be null only if the input has a
   *     {@code symbol} column.
   * @return a reader positioned after the header
   * @throws IOException if the header cannot be read
   * @throws IllegalArgumentException if the header lacks a time, price or size column
   */
  public static TradeCsv read(InputStream in, String sourceName, String defaultSymbol)
      throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sourceName, "sourceName");
    BufferedReader reader = null;
    try {
      reader =
          new BufferedReader(
              new InputStreamReader(CsvText.maybeGunzip(in), StandardCharsets.UTF_8), 1 << 16);
      return new TradeCsv(sourceName, reader, defaultSymbol);
    } catch (IOException | RuntimeException e) {
      closeAfterFailure(reader != null ? reader : in, e);
      throw e;
    }
  }

  /**
   * Counts the data rows of a trades file (non-blank lines after the header) without parsing
   * them, so that a replay can report its progress as a percentage.
   *
   * @param file the CSV file, plain or gzip-compressed
   * @return the number of data rows, including any bad ones
   * @throws IOException if the file cannot be read
   */
  public static long countRows(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return countRows(in);
    }
  }

  /**
   * Counts the data rows of a trades file bundled on the classpath. See {@link #countRows(Path)}.
   *
   * @param classpathResource an absolute resource name, starting with {@code /}
   * @return the number of data rows, including any bad ones
   * @throws IllegalArgumentException if the resource does not exist
   * @throws UncheckedIOException if the resource cannot be read
   */
  public static long countResourceRows(String classpathResource) {
    try (InputStream in = TradeCsv.class.getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource " + classpathResource);
      }
      return countRows(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath resource " + classpathResource, e);
    }
  }

  private static long countRows(InputStream in) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(CsvText.maybeGunzip(in), StandardCharsets.UTF_8), 1 << 16);
    long lines = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      if (!line.isBlank()) {
        lines++;
      }
    }
    return Math.max(0, lines - 1);
  }

  /**
   * The input's name: a path, or {@code classpath:} followed by the resource name.
   *
   * @return the name used in log lines
   */
  public String source() {
    return source;
  }

  /**
   * Returns a sequential stream over the remaining ticks. Closing the stream closes this reader.
   *
   * @return the remaining ticks, in file order
   */
  public Stream<Tick> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  @Override
  public boolean hasNext() {
    if (nextTick == null && !finished) {
      nextTick = readNextTick();
    }
    return nextTick != null;
  }

  @Override
  public Tick next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more trades in " + source);
    }
    Tick tick = nextTick;
    nextTick = null;
    return tick;
  }

  /**
   * Data rows read so far, good and bad, not counting the header or blank lines.
   *
   * @return the number of data rows read
   */
  public long rowsRead() {
    return rowsRead;
  }

  /**
   * Rows that became ticks so far. A tick is counted when it is read, which can be before
   * {@link #next()} returns it.
   *
   * @return the number of good rows
   */
  public long ticksRead() {
    return ticksRead;
  }

  /**
   * Rows skipped because they could not become ticks.
   *
   * @return the number of bad rows so far
   */
  public long badRows() {
    return badRows;
  }

  /**
   * Line numbers of the first {@value #BAD_ROWS_DETAILED} bad rows. The header is line 1.
   *
   * @return an unmodifiable list, in file order
   */
  public List<Long> firstBadLines() {
    return List.copyOf(firstBadLines);
  }

  /** Releases the file and logs the summary if it was not logged yet. Calling it again is safe. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    finished = true;
    nextTick = null;
    logSummary();
    try {
      reader.close();
    } catch (IOException e) {
      // Everything has been read or abandoned by now, so a failed close loses nothing.
      log.warn("Could not close {}", source, e);
    }
  }

  private Tick readNextTick() {
    if (closed) {
      return null;
    }
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        rowsRead++;
        Tick tick = parseRow(line);
        if (tick != null) {
          ticksRead++;
          return tick;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + " after line " + lineNumber, e);
    }
    close();
    return null;
  }

  /** Returns the row's tick, or null after recording why the row is bad. */
  private Tick parseRow(String line) {
    try {
      return columns.tick(CsvText.splitFields(line), defaultSymbol);
    } catch (CsvColumns.BadRow e) {
      recordBadRow(e.getMessage());
      return null;
    }
  }

  private void recordBadRow(String reason) {
    badRows++;
    if (firstBadLines.size() < BAD_ROWS_DETAILED) {
      firstBadLines.add(lineNumber);
      log.warn("Skipping bad row at {}:{}: {}", source, lineNumber, reason);
    }
  }

  private void logSummary() {
    if (badRows > 0) {
      log.warn(
          "Read {} ticks from {}; skipped {} of {} rows that did not parse (first at lines {})",
          ticksRead,
          source,
          badRows,
          rowsRead,
          firstBadLines);
    } else {
      log.info("Read {} ticks from {}", ticksRead, source);
    }
  }

  private static void closeAfterFailure(Closeable closeable, Exception failure) {
    try {
      closeable.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
