package io.tickcast.app.report;

import io.tickcast.app.backtest.BacktestStats;
import io.tickcast.app.backtest.BatchSizeStudy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;

/**
 * Writes {@code report.html} of a batch-size study: one summary row per variant, then per variant
 * over time the smoothed training loss, the noise scale B_simple, and the rolling skill (each
 * variant's {@code B=<b>/forecasts.csv}); drift alarms of the first variant are marked (they fall
 * on the same bars for every B, the detector watching a baseline yardstick).
 */
public final class StudyReport {

  private StudyReport() {}

  public static BacktestReport.Report write(Path out, String title, List<BatchSizeStudy.Row> rows,
      int skillWindow) throws IOException {
    HtmlPage page = new HtmlPage(title);
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("B", "bars scored", "skill", "skill published", "QLIKE model", "mean loss",
        "mean B_simple", "updates", "train ms p50", "drifts", "recoveries"));
    for (BatchSizeStudy.Row r : rows) {
      BacktestStats s = r.stats();
      table.add(List.of(r.variant(), Long.toString(s.n()), pct(s.skill()), pct(s.skillPublished()),
          num(s.qlikeModel()), num(s.meanLoss()), num(s.meanNoiseScale()), Long.toString(s.updates()),
          num(s.trainMsP50()), Long.toString(s.drifts()), Integer.toString(s.recoveries().size())));
    }
    page.heading("Summary").table(table);
    List<XYSeries> loss = new ArrayList<>();
    List<XYSeries> noise = new ArrayList<>();
    List<XYSeries> skill = new ArrayList<>();
    for (BatchSizeStudy.Row r : rows) {
      long[] ts = r.series().stream().mapToLong(u -> (long) u[0]).toArray();
      loss.add(Series.ema("B=" + r.variant(), ts, r.series().stream().mapToDouble(u -> u[1]).toArray(), 0.1));
      noise.add(Series.ema("B=" + r.variant(), ts, r.series().stream().mapToDouble(u -> u[2]).toArray(), 0.1));
      CsvTable f = CsvTable.read(out.resolve("B=" + r.variant()).resolve("forecasts.csv"));
      skill.add(Series.rollingSkill("B=" + r.variant(), f, f.rows(), "predicted_return", skillWindow));
    }
    List<Long> drifts = rows.isEmpty() ? List.of() : rows.get(0).drifts();
    List<Figure> figures = new ArrayList<>();
    XYPlot lossPlot = Charts.linePlot("loss (EMA)", false, loss);
    XYPlot noisePlot = Charts.linePlot("B_simple (EMA)", true, noise);
    XYPlot skillPlot = Charts.linePlot("skill vs naive", false, skill);
    for (XYPlot p : List.of(lossPlot, noisePlot, skillPlot)) {
      Charts.markDrifts(p, drifts);
    }
    figures.add(Charts.render("Training loss per batch size", "Gaussian NLL of the accepted updates, EMA; "
        + "dashed: drift alarms.", lossPlot, Charts.HEIGHT));
    figures.add(Charts.render("Gradient noise scale B_simple per batch size", "tr Sigma / |G|^2 per update, "
        + "EMA, log scale; dashed: drift alarms.", noisePlot, Charts.HEIGHT));
    figures.add(Charts.render("Rolling skill per batch size", "1 - SSE/SSE(naive) over the last "
        + skillWindow + " scored bars.", skillPlot, Charts.HEIGHT));
    page.heading("Over time");
    figures.forEach(page::figure);
    page.paragraph("Each variant's own report with price and forecast: B=<b>/report.html.");
    Path html = out.resolve("report.html");
    Files.writeString(html, page.html(), StandardCharsets.UTF_8);
    return new BacktestReport.Report(html, figures);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
