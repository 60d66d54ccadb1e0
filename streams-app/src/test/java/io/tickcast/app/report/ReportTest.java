package io.tickcast.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.backtest.Backtest;
import io.tickcast.app.cli.Cli;
import io.tickcast.app.feed.TradeCsv;
import io.tickcast.model.domain.Bar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest report on the bundled Bitstamp week, through the command line. */
class ReportTest {

  private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

  @Test
  void backtestReportEmbedsChartsThatHoldData(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("btcusd.csv.gz");
    try (InputStream in = getClass().getResourceAsStream("/data/bitstamp_btcusd_trades_20131125_20131201.csv.gz")) {
      assertThat(in).as("bundled data").isNotNull();
      Files.copy(in, csv);
    }
    Path out = dir.resolve("bt");
    StringWriter err = new StringWriter();
    int code = Cli.execute(new String[] {"backtest", "--csv", csv.toString(), "--format", "trades", "--bar-size",
        "5m", "--out", out.toString(), "--set", "model.hidden.size=8"},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();

    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).doesNotContain("http://").doesNotContain("https://").contains("<table>").contains("BTCUSD");
    List<BufferedImage> images = new ArrayList<>();
    Matcher m = DATA_URI.matcher(html);
    while (m.find()) {
      images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
    }
    // three charts plus the expert weights (drawn because the backtest now writes experts.csv)
    assertThat(images).hasSize(4);
    for (BufferedImage img : images) {
      assertThat(colours(img)).as("distinct colours of a chart").isGreaterThan(30);
    }

    // The same page built again from the backtest's files: every chart has series with points.
    List<Bar> bars;
    try (TradeCsv trades = TradeCsv.open(csv, "BTCUSD")) {
      bars = Backtest.barsFromTrades(trades, Duration.ofMinutes(5), Duration.ofSeconds(10), io.tickcast.app.serde.DedupMode.ID);
    }
    BacktestReport.Report again = BacktestReport.write(out, "again", bars, 100);
    assertThat(again.figures()).hasSize(4);
    for (Figure f : again.figures()) {
      assertThat(f.series()).as(f.title()).isPositive();
      assertThat(f.points()).as(f.title()).isGreaterThan(50);
    }
  }

  private static int colours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
