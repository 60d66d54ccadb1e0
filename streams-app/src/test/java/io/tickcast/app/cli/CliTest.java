package io.tickcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CliTest {

  /** Exit code, stdout and stderr of one invocation. */
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everySubcommandHasHelpListingItsOptionsDefaultsAndAnExample() {
    CommandLine root = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    assertThat(root.getSubcommands().keySet())
        .contains("run", "demo", "feed", "backtest", "study", "export");
    for (var e : root.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      Run r = run(e.getKey(), "--help");
      assertThat(r.code()).as(e.getKey()).isZero();
      assertThat(r.err()).as(e.getKey()).isEmpty();
      for (OptionSpec o : e.getValue().getCommandSpec().options()) {
        // A negatable flag is listed as --[no-]name.
        String name = o.negatable() ? "--[no-]" + o.longestName().substring(2) : o.longestName();
        assertThat(r.out()).as(e.getKey() + " help lists " + name).contains(name);
      }
      assertThat(r.out()).as(e.getKey()).contains("Example:");
    }
    assertThat(run("backtest", "--help").out()).contains("Default: 16"); // model.batch.size default
    assertThat(run("--help").code()).isZero();
    assertThat(run("--version").out()).startsWith("tickcast ");
  }

  @Test
  void typoFailsWithExitTwoAndSuggestsTheClosestOption() {
    Run r = run("backtest", "--csv", "x.csv", "--out", "o", "--batch-sise", "4");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--batch-sise").contains("did you mean --batch-size");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void missingFileIsOneLineExitTwoWithoutStackTrace(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");
    Run r = run("backtest", "--csv", missing.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("no such file").contains(missing.toString()).doesNotContain("Exception");
    Run verbose = run("backtest", "--csv", missing.toString(), "--out", "o", "--verbose");
    assertThat(verbose.code()).isEqualTo(2);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void badConfigValueNamesTheOptionAndExitsTwo(@TempDir Path dir) throws IOException {
    Path csv = hourlyBars(dir.resolve("h.csv"), 10);
    Run r = run("backtest", "--csv", csv.toString(), "--out", dir.resolve("o").toString(), "--batch-size", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--batch-size").contains("model.batch.size");
  }

  @Test
  void backtestInfersTheBarLengthAndNamesTheSymbolAfterTheFile(@TempDir Path dir) throws IOException {
    Path csv = hourlyBars(dir.resolve("hourly_test.csv"), 120);
    Path out = dir.resolve("out");
    Run r = run("backtest", "--csv", csv.toString(), "--out", out.toString(),
        "--set", "model.seq.length=4", "--set", "model.hidden.size=4", "--batch-size", "4");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> rows = Files.readAllLines(out.resolve("forecasts.csv"));
    assertThat(rows).hasSizeGreaterThan(10);
    Set<Long> hourlyEnds = new HashSet<>();
    for (long i = 1; i <= 200; i++) {
      hourlyEnds.add(START.toEpochMilli() + Duration.ofHours(i).toMillis());
    }
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      assertThat(Long.parseLong(f[0])).as("bar end of " + row).isIn(hourlyEnds);
      assertThat(f[1]).isEqualTo("HOURLY_TEST");
    }
  }

  @Test
  void exportWritesADl4jZipFromABacktestAndNamesAMissingSymbolInOneLine(@TempDir Path dir)
      throws IOException {
    // Given a backtest's saved state
    Path csv = hourlyBars(dir.resolve("exp.csv"), 120);
    Path out = dir.resolve("bt");
    String[] small = {"--set", "model.seq.length=4", "--set", "model.hidden.size=4"};
    Run bt = run(concat(new String[] {"backtest", "--csv", csv.toString(), "--out", out.toString(),
        "--batch-size", "4"}, small));
    assertThat(bt.code()).as(bt.err()).isZero();
    // When it is exported
    Path zip = dir.resolve("exp.zip");
    Run r = run(concat(new String[] {"export", "--symbol", "EXP", "--from-backtest", out.toString(),
        "--out", zip.toString()}, small));
    // Then a DL4J zip with the normaliser entry is written
    assertThat(r.code()).as(r.err()).isZero();
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
      assertThat(z.getEntry("configuration.json")).isNotNull();
      assertThat(z.getEntry("tickcast-normaliser.json")).isNotNull();
    }
    // and a symbol the backtest never saw is one line, exit 2
    Run missing = run("export", "--symbol", "NOPE", "--from-backtest", out.toString(), "--out",
        dir.resolve("n.zip").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).contains("--from-backtest").doesNotContain("Exception");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void studyWritesCsvAndOneReportWithEmbeddedCharts(@TempDir Path dir) throws IOException {
    Path csv = hourlyBars(dir.resolve("hourly.csv"), 150);
    Path out = dir.resolve("study");
    Run r = run("study", "--csv", csv.toString(), "--out", out.toString(), "--batch-sizes", "2,adaptive",
        "--set", "model.seq.length=4", "--set", "model.hidden.size=4");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(out.resolve("study.csv"))).hasSize(3);
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(4);
    assertThat(out.resolve("B=2").resolve("report.html")).exists();
    assertThat(run("study", "--csv", csv.toString(), "--out", out.toString(), "--batch-sizes", "0").code())
        .isEqualTo(2);
  }

  @Test
  void optionsOverrideTheConfigFileWhichOverridesTheDefaults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "model.batch.size=8\nmodel.hidden.size=12\nmodel.adaptive.batch=false\n");
    CommandLine cl = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine sub = cl.parseArgs("backtest", "--csv", "x.csv", "--out", "o", "--config", file.toString(),
        "--batch-size", "4", "--adaptive", "--set", "model.seq.length=6").subcommand().commandSpec().commandLine();
    BacktestCommand cmd = sub.getCommand();
    io.tickcast.app.config.AppConfig c = ConfigOverrides.load(sub.getCommandSpec(), cmd.common);
    assertThat(c.model().batchSize()).isEqualTo(4);
    assertThat(c.model().adapt().adaptiveBatch()).isTrue();
    assertThat(c.model().seqLength()).isEqualTo(6);
    assertThat(c.model().hiddenSize()).isEqualTo(12);
    // An option left out keeps the file's value, not the default shown in --help.
    CommandLine sub2 = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
        .parseArgs("backtest", "--csv", "x.csv", "--out", "o", "--config", file.toString())
        .subcommand().commandSpec().commandLine();
    BacktestCommand cmd2 = sub2.getCommand();
    assertThat(ConfigOverrides.load(sub2.getCommandSpec(), cmd2.common).model().batchSize()).isEqualTo(8);
  }

  @Test
  void clientCommandsTakeTheClusterFromTheSharedOptionElseTheDemoBroker() {
    for (String name : new String[] {"feed", "export"}) {
      String[] required = name.equals("feed") ? new String[] {"--csv", "x.csv"}
          : new String[] {"--symbol", "S", "--out", "m.zip"};
      CommandLine sub = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
          .parseArgs(concat(new String[] {name, "--bootstrap-servers", "kafka:19092"}, required))
          .subcommand().commandSpec().commandLine();
      CommonOptions common = (CommonOptions) sub.getCommandSpec().mixins().get("common").userObject();
      assertThat(ConfigOverrides.bootstrapOrDemo(ConfigOverrides.load(sub.getCommandSpec(), common)))
          .as(name).isEqualTo("kafka:19092");
      CommandLine bare = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
          .parseArgs(concat(new String[] {name}, required)).subcommand().commandSpec().commandLine();
      CommonOptions common2 = (CommonOptions) bare.getCommandSpec().mixins().get("common").userObject();
      assertThat(ConfigOverrides.bootstrapOrDemo(ConfigOverrides.load(bare.getCommandSpec(), common2)))
          .as(name).isEqualTo("127.0.0.1:9092");
    }
  }

  @Test
  void inferenceTakesTheMedianGapSoWeekendsDoNotCount() {
    List<io.tickcast.model.domain.Bar> bars = new ArrayList<>();
    long day = Duration.ofDays(1).toMillis();
    long[] days = {0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14};
    for (long d : days) {
      bars.add(new io.tickcast.model.domain.Bar("X", d * day, d * day + 1, 1, 1, 1, 1, 0, 1, 0));
    }
    assertThat(BacktestInput.inferBarLength(bars)).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void symbolOfAFileIsItsNameWithoutExtensions() {
    assertThat(InputFiles.symbolOf(Path.of("/d/sp500_daily.csv.gz"))).isEqualTo("SP500_DAILY");
    assertThat(InputFiles.symbolOf(Path.of("eth usd.csv"))).isEqualTo("ETH_USD");
  }

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  /** An hourly random-walk bars file (timestamp = bar start), with one missing hour. */
  private static Path hourlyBars(Path file, int n) throws IOException {
    Random rnd = new Random(7);
    StringBuilder sb = new StringBuilder("timestamp,open,high,low,close,volume\n");
    double p = 100;
    for (int i = 0; i < n; i++) {
      if (i == 5) {
        continue;
      }
      double next = p * Math.exp(0.01 * rnd.nextGaussian());
      sb.append(START.plus(Duration.ofHours(i))).append(',')
          .append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,10%n", p, Math.max(p, next) * 1.001,
              Math.min(p, next) * 0.999, next));
      p = next;
    }
    Files.writeString(file, sb.toString());
    return file;
  }
}
