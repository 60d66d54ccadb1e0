package io.tickcast.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.model.domain.Bar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.YIntervalSeries;

/**
 * Writes {@code report.html} for one backtest output directory from the files the backtest wrote
 * ({@code summary.json}, {@code forecasts.csv}, {@code updates.csv}, {@code drifts.csv}, and an
 * optional {@code experts.csv} with columns {@code ts,symbol,expert,weight}) and the input bars
 * (for prices). Per symbol (the most active {@value #MAX_SYMBOLS}): price vs forecast with the
 * sigma band, rolling skill of the model and the baselines, training loss and B_simple against B
 * with drift marks, and expert weights when there are experts.
 */
public final class BacktestReport {

  static final int MAX_SYMBOLS = 4;
  /** Scored bars shown in the price chart (the last ones): more is unreadable at this width. */
  static final int PRICE_BARS = 300;

  private BacktestReport() {}

  /** The written page and its figures. */
  public record Report(Path html, List<Figure> figures) {}

  /**
   * @param skillWindow bars in the rolling-skill window
   */
  public static Report write(Path dir, String title, List<Bar> bars, int skillWindow) throws IOException {
    CsvTable forecasts = CsvTable.read(dir.resolve("forecasts.csv"));
    CsvTable updates = CsvTable.read(dir.resolve("updates.csv"));
    CsvTable drifts = CsvTable.read(dir.resolve("drifts.csv"));
    CsvTable experts = CsvTable.read(dir.resolve("experts.csv"));
    HtmlPage page = new HtmlPage(title);
    page.heading("Summary").table(summaryTable(dir.resolve("summary.json")));
    page.paragraph("skill = 1 - MSE(model) / MSE(naive), naive = zero return; published = what users "
        + "received (model while the skill gate was open, else naive). Event time is UTC.");
    Map<String, Map<Long, Double>> closes = new HashMap<>();
    for (Bar b : bars) {
      closes.computeIfAbsent(b.symbol(), s -> new HashMap<>()).put(b.endMs(), b.close());
    }
    List<Figure> figures = new ArrayList<>();
    for (String symbol : topSymbols(forecasts)) {
      page.heading(symbol);
      List<String[]> rows = forecasts.of(symbol);
      for (Figure f : symbolFigures(symbol, forecasts, rows, closes.getOrDefault(symbol, Map.of()),
          updates, driftTimes(drifts, symbol), experts, skillWindow)) {
        figures.add(f);
        page.figure(f);
      }
    }
    Path html = dir.resolve("report.html");
    Files.writeString(html, page.html(), StandardCharsets.UTF_8);
    return new Report(html, figures);
  }

  private static List<Figure> symbolFigures(String symbol, CsvTable f, List<String[]> rows,
      Map<Long, Double> closes, CsvTable updates, List<Long> drifts, CsvTable experts, int window) {
    List<Figure> out = new ArrayList<>();
    List<String[]> recent = rows.subList(Math.max(0, rows.size() - PRICE_BARS), rows.size());
    YIntervalSeries band = new YIntervalSeries("forecast ± 1 sigma");
    XYPlot price = Charts.linePlot("price", false, List.of(Series.priceAndBand(f, recent, closes, band)));
    Charts.addBand(price, band);
    out.add(Charts.render(symbol + ": close vs forecast", "Last " + recent.size()
        + " scored bars: the close, and the forecast made one bar earlier as a price with its one-sigma band.",
        price, Charts.HEIGHT));

    XYPlot skill = Charts.linePlot("skill vs naive", false, List.of(
        Series.rollingSkill("model", f, rows, "predicted_return", window),
        Series.rollingSkill("EWMA baseline", f, rows, "ewma_return", window),
        Series.rollingSkill("naive baseline (0 by definition)", f, rows, "naive_return", window)));
    Charts.markDrifts(skill, drifts);
    out.add(Charts.render(symbol + ": rolling skill", "1 - SSE/SSE(naive) over the last " + window
        + " scored bars; dashed: drift alarms.", skill, Charts.HEIGHT));

    List<String[]> up = updates.of(symbol).stream().filter(r -> !"1".equals(updates.text(r, "rolled_back"))
        && !"1".equals(updates.text(r, "skipped"))).toList();
    long[] ts = up.stream().mapToLong(updates::time).toArray();
    XYPlot loss = Charts.linePlot("loss (EMA)", false, List.of(
        Series.ema("training loss (Gaussian NLL)", ts, column(updates, up, "loss"), 0.1)));
    double[] bSimple = column(updates, up, "b_simple");
    for (int i = 0; i < bSimple.length; i++) {
      bSimple[i] = bSimple[i] > 0 ? bSimple[i] : Double.NaN; // 0 = not estimated yet
    }
    XYPlot noise = Charts.linePlot("batch size", true, List.of(
        Series.ema("B_simple (noise scale, EMA)", ts, bSimple, 0.1),
        Charts.series("B (batch size used)", ts, column(updates, up, "batch_size"))), 1);
    Charts.markDrifts(loss, drifts);
    Charts.markDrifts(noise, drifts);
    out.add(Charts.render(symbol + ": training", "Per accepted update: smoothed loss, and the gradient "
        + "noise scale B_simple against the batch size B (log scale); dashed: drift alarms.",
        Charts.stacked(List.of(loss, noise)), Charts.HEIGHT + 200));

    List<String[]> ex = experts.of(symbol);
    if (!ex.isEmpty()) {
      Map<String, List<String[]>> byExpert = new TreeMap<>();
      ex.forEach(r -> byExpert.computeIfAbsent(experts.text(r, "expert"), k -> new ArrayList<>()).add(r));
      List<XYSeries> lines = new ArrayList<>();
      byExpert.forEach((name, rs) -> lines.add(Charts.series(name, rs.stream().mapToLong(experts::time).toArray(),
          column(experts, rs, "weight"))));
      XYPlot weights = Charts.linePlot("weight", false, lines);
      Charts.markDrifts(weights, drifts);
      out.add(Charts.render(symbol + ": expert weights", "Weight of each expert in the combined forecast.",
          weights, Charts.HEIGHT));
    }
    return out;
  }

  private static double[] column(CsvTable t, List<String[]> rows, String name) {
    return rows.stream().mapToDouble(r -> t.num(r, name)).toArray();
  }

  private static List<Long> driftTimes(CsvTable drifts, String symbol) {
    return drifts.of(symbol).stream().map(drifts::time).toList();
  }

  private static List<String> topSymbols(CsvTable forecasts) {
    Map<String, Integer> counts = new TreeMap<>();
    forecasts.rows().forEach(r -> counts.merge(forecasts.text(r, "symbol"), 1, Integer::sum));
    return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(MAX_SYMBOLS).map(Map.Entry::getKey).toList();
  }

  private static final String[][] SUMMARY_COLUMNS = {{"n", "bars scored"}, {"skill", "skill model"},
      {"skill_ewma", "skill EWMA"}, {"skill_published", "skill published"}, {"model_share", "model share"},
      {"dir_acc", "dir. acc."}, {"qlike_model", "QLIKE model"}, {"qlike_ewma", "QLIKE EWMA"},
      {"updates", "updates"}, {"mean_loss", "mean loss"}, {"mean_b_simple", "mean B_simple"},
      {"drifts", "drifts"}, {"recovery_bars_median", "median recovery (bars)"}};

  private static List<List<String>> summaryTable(Path summaryJson) throws IOException {
    List<List<String>> table = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("symbol"));
    for (String[] c : SUMMARY_COLUMNS) {
      header.add(c[1]);
    }
    table.add(header);
    if (!Files.isRegularFile(summaryJson)) {
      return table;
    }
    JsonNode root = new ObjectMapper().readTree(summaryJson.toFile());
    table.add(summaryRow("all", root.path("overall")));
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("symbols").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      table.add(summaryRow(e.getKey(), e.getValue()));
    }
    return table;
  }

  static List<String> summaryRow(String name, JsonNode stats) {
    List<String> row = new ArrayList<>(List.of(name));
    for (String[] c : SUMMARY_COLUMNS) {
      JsonNode v = stats.path(c[0]);
      boolean percent = c[0].startsWith("skill") || c[0].endsWith("share") || c[0].equals("dir_acc");
      if (v.isIntegralNumber()) {
        row.add(v.asText());
      } else if (v.isNumber()) {
        row.add(percent ? String.format(Locale.ROOT, "%.2f%%", 100 * v.asDouble())
            : String.format(Locale.ROOT, "%.4g", v.asDouble()));
      } else {
        row.add("");
      }
    }
    return row;
  }
}
