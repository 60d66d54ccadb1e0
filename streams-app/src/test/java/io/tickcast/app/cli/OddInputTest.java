package io.tickcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on odd files and odd config values: each is a user error (exit 2, one line on
 * stderr naming the option or key, no stack trace), or, for files real exports produce, it works.
 */
class OddInputTest {

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    int code = Cli.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    return new Run(code, err.toString());
  }

  private static void assertUserError(Run r, String... mentions) {
    assertThat(r.code()).as(r.err()).isEqualTo(Cli.USER_ERROR);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).doesNotContain("failed:").doesNotContain("Exception").contains(mentions);
  }

  @Test
  void shouldExitTwoOnAnEmptyTradesFileOrOneWithoutPriceColumn(@TempDir Path dir) throws IOException {
    // Given an empty file and a file whose header has no price column
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    Path noPrice = Files.writeString(dir.resolve("noprice.csv"), "ts,size\n1,2\n");
    String out = dir.resolve("o").toString();
    for (Path f : new Path[] {empty, noPrice}) {
      // When backtest, study and feed read them as trades, then each is a one-line user error
      assertUserError(run("backtest", "--format", "trades", "--csv", f.toString(), "--out", out), "--csv", f.toString());
      assertUserError(run("study", "--format", "trades", "--csv", f.toString(), "--out", out), "--csv");
      assertUserError(run("feed", "--csv", f.toString(), "--bootstrap-servers", "127.0.0.1:1"), "--csv");
    }
  }

  @Test
  void shouldExitTwoOnANegativeFeedSpeed(@TempDir Path dir) throws IOException {
    Path csv = Files.writeString(dir.resolve("t.csv"), "ts,price,size\n1,2,3\n");
    for (String speed : new String[] {"-1", "NaN"}) {
      assertUserError(run("feed", "--csv", csv.toString(), "--speed", speed, "--bootstrap-servers", "127.0.0.1:1"),
          "--speed");
    }
  }

  @Test
  void shouldExitTwoOnATruncatedGzipFile(@TempDir Path dir) throws IOException {
    // Given a gzip file cut off half way (an interrupted download)
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      StringBuilder sb = new StringBuilder("ts,price,size\n");
      for (int i = 0; i < 20_000; i++) {
        sb.append(1_600_000_000_000L + i * 1000L).append(',').append(100 + i % 7).append(",1\n");
      }
      gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] all = bytes.toByteArray();
    Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(all, all.length / 2));
    // When it is backtested or fed, then it is a user error naming the option and the file
    assertUserError(run("backtest", "--format", "trades", "--csv", cut.toString(), "--out",
        dir.resolve("o").toString()), "--csv", cut.toString());
    assertUserError(run("feed", "--csv", cut.toString(), "--bootstrap-servers", "127.0.0.1:1"), "--csv",
        cut.toString());
  }

  @Test
  void shouldReadABarsFileStartingWithAByteOrderMark(@TempDir Path dir) throws IOException {
    // Given a bars file as spreadsheets export it: UTF-8 with a byte order mark
    StringBuilder sb = new StringBuilder("\uFEFFtimestamp,open,high,low,close\n");
    for (int i = 0; i < 40; i++) {
      double c = 100 + Math.sin(i / 3.0);
      sb.append(Instant.parse("2020-01-01T00:00:00Z").plus(Duration.ofHours(i))).append(String.format(
          Locale.ROOT, ",100,%.4f,%.4f,%.4f%n", Math.max(100, c) + 1, Math.min(100, c) - 1, c));
    }
    Path csv = Files.writeString(dir.resolve("bom.csv"), sb.toString(), StandardCharsets.UTF_8);
    Path out = dir.resolve("o");
    // When it is backtested, then it runs and forecasts
    Run r = run("backtest", "--csv", csv.toString(), "--out", out.toString(), "--set", "model.seq.length=4",
        "--set", "model.hidden.size=4");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(out.resolve("forecasts.csv"))).hasSizeGreaterThan(20);
  }

  @Test
  void shouldNameTheKeyOfADurationTooLargeForMilliseconds(@TempDir Path dir) {
    String out = dir.resolve("o").toString();
    // Given durations whose number or millisecond value overflows a long
    for (String bad : new String[] {"bar.size=99999999999999999999s", "bar.grace=PT9999999999999H",
        "tick.max.future.skew=106751991168d"}) {
      // Then each is a user error naming its key
      assertUserError(run("backtest", "--csv", "x.csv", "--out", out, "--set", bad), bad.split("=")[0]);
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void shouldRefuseModelSizesBeyondTheirBoundsBeforeBuildingAnything(@TempDir Path dir) {
    String out = dir.resolve("o").toString();
    // Given sizes that overflowed an array (exit 1, NullPointerException) or hung the start
    for (String bad : new String[] {"model.hidden.size=2000000000", "model.seq.length=100000000"}) {
      // Then each is a user error naming its key and the bound
      assertUserError(run("backtest", "--csv", "x.csv", "--out", out, "--set", bad),
          bad.split("=")[0], "must be <=");
    }
  }

  @Test
  void shouldNameTheConfigOptionWhenTheTypedFileIsMissing(@TempDir Path dir) {
    Path missing = dir.resolve("missing.properties");
    Run r = run("backtest", "--csv", "x.csv", "--out", dir.resolve("o").toString(), "--config",
        missing.toString());
    assertUserError(r, "--config", missing.toString());
    assertThat(r.err()).doesNotContain("TICKCAST_CONFIG");
  }

  @Test
  void shouldExitTwoOnATradesOrBarsFileWithAHeaderOnly(@TempDir Path dir) throws IOException {
    // Given files holding only their header
    Path trades = Files.writeString(dir.resolve("trades.csv"), "ts,price,size\n");
    Path bars = Files.writeString(dir.resolve("bars.csv"), "timestamp,open,high,low,close\n");
    String out = dir.resolve("o").toString();
    // Then a backtest over them is a user error naming --csv, not a run with n = 0
    assertUserError(run("backtest", "--format", "trades", "--csv", trades.toString(), "--out", out),
        "--csv", "no bars");
    assertUserError(run("backtest", "--csv", bars.toString(), "--bar-size", "1m", "--out", out),
        "--csv", "no bars");
  }

  @Test
  void shouldNotBlameAnOptionTheUserDidNotType(@TempDir Path dir) throws IOException {
    // Given a bad batch size in the config file, and an empty key on --set
    Path file = Files.writeString(dir.resolve("c.properties"), "model.batch.size=abc\n");
    Run fromFile = run("backtest", "--csv", "x.csv", "--out", "o", "--config", file.toString());
    Run emptyKey = run("backtest", "--csv", "x.csv", "--out", "o", "--set", "=3");
    // Then the message names the key, not --batch-size or --config
    assertUserError(fromFile, "model.batch.size");
    assertThat(fromFile.err()).doesNotContain("--batch-size");
    assertUserError(emptyKey, "unknown key");
    assertThat(emptyKey.err()).doesNotContain("--config");
  }
}
