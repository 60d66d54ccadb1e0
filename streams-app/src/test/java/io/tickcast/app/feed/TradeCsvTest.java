package io.tickcast.app.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.domain.Tick;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TradeCsvTest {

  private static final String SAMPLE = "/data/bitstamp_btcusd_trades_20131125_20131201.csv.gz";

  /** 2013-11-25T00:00:13Z. */
  private static final long T0 = 1_385_337_613_000L;

  @TempDir Path dir;

  @Test
  void shouldReadTheBundledBitstampSample() {
    // Given the bundled gzip sample: seq,ts_unix_s,timestamp_utc,price_usd,amount_btc
    List<Tick> ticks;
    long badRows;
    // When it is read in full
    try (TradeCsv csv = TradeCsv.openResource(SAMPLE, "BTCUSD")) {
      ticks = readAll(csv);
      badRows = csv.badRows();
    }
    // Then every one of its 100,000 rows is a BTCUSD tick, in event-time order
    assertThat(ticks).hasSize(100_000);
    assertThat(badRows).isZero();
    assertThat(ticks.get(0)).isEqualTo(new Tick("BTCUSD", 1_385_337_600_000L, 800.01, 0.1));
    assertThat(ticks.get(1)).isEqualTo(new Tick("BTCUSD", T0, 800.05, 0.27838049));
    assertThat(ticks).extracting(Tick::tsMs).isSorted();
    assertThat(TradeCsv.countResourceRows(SAMPLE)).isEqualTo(100_000L);
  }

  static Stream<Arguments> headerVariants() {
    return Stream.of(
        Arguments.of("ts,price,size", "1385337613000,800.05,0.25"),
        Arguments.of("ts_unix_s,price_usd,amount_btc", "1385337613,800.05,0.25"),
        Arguments.of("timestamp_utc,price,amount", "2013-11-25T00:00:13Z,800.05,0.25"),
        Arguments.of("timestamp,price,volume", "2013-11-25T01:00:13+01:00,800.05,0.25"),
        Arguments.of("timestamp,price,volume", "2013-11-25 00:00:13,800.05,0.25"),
        Arguments.of(" Volume , PRICE ,note, TS_UNIX_S", "0.25,800.05,7,1385337613"),
        Arguments.of("\"ts\",\"price\",\"size\"", "\"1385337613000\",\"800.05\",\"0.25\""),
        Arguments.of("\uFEFFts,price,size", "1385337613000,800.05,0.25"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("headerVariants")
  void shouldAcceptEachHeaderVariantAndTimeFormat(String header, String row) throws IOException {
    // Given a file with one of the accepted headers
    Path file = write("trades.csv", header + "\n" + row + "\n");
    // When it is read
    List<Tick> ticks;
    try (TradeCsv csv = TradeCsv.open(file, "BTCUSD")) {
      ticks = readAll(csv);
    }
    // Then the same trade comes out, whichever time column and format
    assertThat(ticks).containsExactly(new Tick("BTCUSD", T0, 800.05, 0.25));
  }

  @Test
  void shouldPreferEpochMillisOverOtherTimeColumns() throws IOException {
    // Given a file whose time columns disagree
    Path file =
        write(
            "trades.csv",
            "timestamp,ts_unix_s,ts,price,size\n2001-01-01T00:00:00Z,1,1385337613000,800.05,1\n");
    // When it is read
    List<Tick> ticks;
    try (TradeCsv csv = TradeCsv.open(file, "BTCUSD")) {
      ticks = readAll(csv);
    }
    // Then ts (epoch ms) wins
    assertThat(ticks).extracting(Tick::tsMs).containsExactly(T0);
  }

  @Test
  void shouldReadFractionalEpochSeconds() throws IOException {
    // Given epoch seconds with a fraction
    Path file = write("trades.csv", "ts_unix_s,price,size\n1385337613.2506,800.05,1\n");
    // When read
    List<Tick> ticks;
    try (TradeCsv csv = TradeCsv.open(file, "BTCUSD")) {
      ticks = readAll(csv);
    }
    // Then they are rounded to the millisecond
    assertThat(ticks).extracting(Tick::tsMs).containsExactly(T0 + 251);
  }

  @Test
  void shouldTakeSymbolsFromTheSymbolColumnAndFallBackToTheDefault() throws IOException {
    // Given a symbol column with one blank cell
    Path file =
        write(
            "trades.csv",
            "symbol,ts,price,size\nETHUSD,1000,10.5,2\n,2000,800,1\nBTCUSD,3000,801,0\n");
    // When read with a default symbol
    List<Tick> ticks;
    try (TradeCsv csv = TradeCsv.open(file, "DEFAULT")) {
      ticks = readAll(csv);
    }
    // Then the column wins where it has a value
    assertThat(ticks)
        .containsExactly(
            new Tick("ETHUSD", 1000, 10.5, 2),
            new Tick("DEFAULT", 2000, 800, 1),
            new Tick("BTCUSD", 3000, 801, 0));
  }

  @Test
  void shouldPassATradeIdColumnThrough() throws IOException {
    // Given a Bitstamp-style tid column with one blank cell
    Path file = write("trades.csv", "ts,price,size,tid\n1000,10.5,2,77\n2000,10.6,1,\n");
    List<Tick> ticks;
    try (TradeCsv csv = TradeCsv.open(file, "BTCUSD")) {
      ticks = readAll(csv);
    }
    // Then the id is passed through, and a blank id means none
    assertThat(ticks).containsExactly(
        new Tick("BTCUSD", 1000, 10.5, 2, "77"), new Tick("BTCUSD", 2000, 10.6, 1, null));
  }

  @Test
  void shouldReadGzipContentWhateverTheFileName() throws IOException {
    // Given gzip-compressed CSV, once named .gz and once not
    byte[] gz = gzip("ts,price,size\n1000,1.5,2\n2000,1.6,3\n");
    Path named = dir.resolve("trades.csv.gz");
    Path unnamed = dir.resolve("trades.bin");
    Files.write(named, gz);
    Files.write(unnamed, gz);
    // When both are read
    List<Tick> fromNamed;
    List<Tick> fromUnnamed;
    try (TradeCsv a = TradeCsv.open(named, "X");
        TradeCsv b = TradeCsv.open(unnamed, "X")) {
      fromNamed = readAll(a);
      fromUnnamed = readAll(b);
    }
    // Then the magic bytes decide, and both give the two ticks
    List<Tick> expected = List.of(new Tick("X", 1000, 1.5, 2), new Tick("X", 2000, 1.6, 3));
    assertThat(fromNamed).isEqualTo(expected);
    assertThat(fromUnnamed).isEqualTo(expected);
    assertThat(TradeCsv.countRows(named)).isEqualTo(2);
  }

  @Test
  void shouldSkipCountAndLocateBadRowsWithoutStopping() throws IOException {
    // Given good rows mixed with bad ones and a blank line (line numbers on the right)
    Path file =
        write(
            "trades.csv",
            String.join(
                "\n",
                "ts,price,size", //                      1
                "1000,10,1", //                          2 good
                "2000,10", //                            3 too few fields
                "", //                                   4 blank, ignored
                "3000,ten,1", //                         5 price not a number
                "yesterday,10,1", //                     6 time not a number
                "4000,-1,1", //                          7 price not > 0
                "5000,10,NaN", //                        8 size not finite
                "6000,10,-2", //                         9 size < 0 (beyond the detailed five)
                "7000,11,1", //                          10 good
                ""));
    // When it is read to the end
    List<Tick> ticks;
    TradeCsv csv = TradeCsv.open(file, "X");
    try (csv) {
      ticks = readAll(csv);
    }
    // Then the good rows come through and every bad one is counted
    assertThat(ticks).containsExactly(new Tick("X", 1000, 10, 1), new Tick("X", 7000, 11, 1));
    assertThat(csv.badRows()).isEqualTo(6);
    assertThat(csv.rowsRead()).isEqualTo(8);
    assertThat(csv.ticksRead()).isEqualTo(2);
    assertThat(csv.firstBadLines()).containsExactly(3L, 5L, 6L, 7L, 8L);
    assertThat(TradeCsv.countRows(file)).isEqualTo(8);
  }

  @Test
  void shouldCountAnAbsurdSizeAsABadRowSoABarsSumsStayFinite() throws IOException {
    // Given two trades of size 1e308 (each finite; their sum is not) between good ones
    Path file = write("huge.csv", "ts,price,size\n1,100,1\n2,100,1e308\n3,100,1e308\n4,100,2\n");
    // When read
    List<Tick> ticks;
    TradeCsv csv = TradeCsv.open(file, "X");
    try (csv) {
      ticks = readAll(csv);
    }
    // Then they are skipped and reported
    assertThat(ticks).extracting(Tick::size).containsExactly(1.0, 2.0);
    assertThat(csv.firstBadLines()).containsExactly(3L, 4L);
  }

  @Test
  void shouldCountAnIsoTimeThatDoesNotParseAsABadRow() throws IOException {
    // Given an ISO time column with one garbled value
    Path file =
        write("trades.csv", "timestamp_utc,price,size\n2013-11-25T00:00:13Z,1,1\n2013-13-45,1,1\n");
    // When read
    List<Tick> ticks;
    TradeCsv csv = TradeCsv.open(file, "X");
    try (csv) {
      ticks = readAll(csv);
    }
    // Then it is skipped and reported
    assertThat(ticks).hasSize(1);
    assertThat(csv.badRows()).isEqualTo(1);
    assertThat(csv.firstBadLines()).containsExactly(3L);
  }

  @Test
  void shouldRejectAHeaderWithoutAPriceColumn() throws IOException {
    // Given a header with no price column
    Path file = write("trades.csv", "ts,cost,size\n1000,1,1\n");
    // When opened, then the file is rejected up front
    assertThatThrownBy(() -> TradeCsv.open(file, "X"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no price column")
        .hasMessageContaining("price_usd");
  }

  @Test
  void shouldRejectAHeaderWithoutATimeOrSizeColumn() throws IOException {
    // Given headers missing the time or the size column
    Path noTime = write("a.csv", "date,price,size\n");
    Path noSize = write("b.csv", "ts,price,qty\n");
    // When opened, then each is rejected and names what is missing
    assertThatThrownBy(() -> TradeCsv.open(noTime, "X")).hasMessageContaining("no time column");
    assertThatThrownBy(() -> TradeCsv.open(noSize, "X")).hasMessageContaining("no size column");
  }

  @Test
  void shouldRequireADefaultSymbolWhenThereIsNoSymbolColumn() throws IOException {
    // Given no symbol column
    Path file = write("trades.csv", "ts,price,size\n1000,1,1\n");
    // When opened without a default symbol, then it is rejected
    assertThatThrownBy(() -> TradeCsv.open(file, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbol");
  }

  @Test
  void shouldRejectAnEmptyInputAndAMissingResource() {
    // Given no header at all, or no such resource, then both are rejected
    assertThatThrownBy(() -> TradeCsv.read(new ByteArrayInputStream(new byte[0]), "empty", "X"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header");
    assertThatThrownBy(() -> TradeCsv.openResource("/data/no-such-file.csv", "X"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStreamLazilyAndCloseWithTheStream() throws IOException {
    // Given a file of three trades
    Path file = write("trades.csv", "ts,price,size\n1000,1,1\n2000,2,1\n3000,3,1\n");
    TradeCsv csv = TradeCsv.open(file, "X");
    // When only the first two are taken from its stream, which is then closed
    List<Long> times;
    try (Stream<Tick> ticks = csv.stream()) {
      times = ticks.limit(2).map(Tick::tsMs).toList();
    }
    // Then the third was never needed and the reader is closed
    assertThat(times).containsExactly(1000L, 2000L);
    assertThat(csv.hasNext()).isFalse();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static List<Tick> readAll(TradeCsv csv) {
    List<Tick> ticks = new ArrayList<>();
    csv.forEachRemaining(ticks::add);
    return ticks;
  }
}
