package io.tickcast.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * JFreeChart helpers shared by the reports: time-series plots over event time (UTC), a forecast
 * band, drift markers, and rendering to a base64 PNG {@link Figure}. Stateless; rendering runs
 * headless.
 */
final class Charts {

  static final int WIDTH = 1100;
  static final int HEIGHT = 420;
  private static final Paint[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
  private static final BasicStroke DASHED = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
      10f, new float[] {4f, 4f}, 0f);

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** A line series from parallel arrays of epoch ms and values; non-finite values are skipped. */
  static XYSeries series(String name, long[] ts, double[] v) {
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < ts.length; i++) {
      if (Double.isFinite(v[i])) {
        s.add(ts[i], v[i], false);
      }
    }
    return s;
  }

  /** A time plot of line series. */
  static XYPlot linePlot(String yLabel, boolean log, List<XYSeries> lines) {
    return linePlot(yLabel, log, lines, 0);
  }

  /**
   * A time plot of line series, colours taken from {@code firstColour} on (so the panels of a
   * stacked chart do not repeat colours in the shared legend). A log plot drops values {@code <= 0}.
   */
  static XYPlot linePlot(String yLabel, boolean log, List<XYSeries> lines, int firstColour) {
    if (log) {
      lines = lines.stream().map(Charts::positive).toList();
    }
    XYSeriesCollection data = new XYSeriesCollection();
    lines.forEach(data::addSeries);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < lines.size(); i++) {
      r.setSeriesPaint(i, PALETTE[(firstColour + i) % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(1.4f));
    }
    XYPlot plot = new XYPlot(data, timeAxis(), valueAxis(yLabel, log), r);
    style(plot);
    return plot;
  }

  private static XYSeries positive(XYSeries s) {
    XYSeries p = new XYSeries(s.getKey(), false, true);
    for (int i = 0; i < s.getItemCount(); i++) {
      if (s.getY(i).doubleValue() > 0) {
        p.add(s.getX(i), s.getY(i), false);
      }
    }
    return p;
  }

  /** Adds a mean line with a shaded band (dataset 1 of the plot, drawn behind dataset 0). */
  static void addBand(XYPlot plot, YIntervalSeries band) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(band);
    DeviationRenderer r = new DeviationRenderer(true, false);
    r.setSeriesPaint(0, PALETTE[1]);
    r.setSeriesFillPaint(0, new Color(255, 127, 14, 70));
    r.setSeriesStroke(0, new BasicStroke(1.2f));
    r.setAlpha(0.3f);
    plot.setDataset(1, data);
    plot.setRenderer(1, r);
  }

  /** Dashed vertical marks at the drift alarms. */
  static void markDrifts(XYPlot plot, List<Long> driftTimes) {
    for (long t : driftTimes) {
      plot.addDomainMarker(new ValueMarker(t, new Color(0xd62728), DASHED));
    }
  }

  /** Stacks plots over one shared time axis. */
  static XYPlot stacked(List<XYPlot> plots) {
    CombinedDomainXYPlot c = new CombinedDomainXYPlot(timeAxis());
    c.setGap(12);
    plots.forEach(p -> c.add(p, 1));
    return c;
  }

  /** Renders a plot to a {@link Figure}, counting the series and points it holds. */
  static Figure render(String title, String caption, XYPlot plot, int height) {
    int series = 0;
    int points = 0;
    List<XYPlot> parts = plot instanceof CombinedDomainXYPlot c ? c.getSubplots() : List.of(plot);
    for (XYPlot p : parts) {
      for (int d = 0; d < p.getDatasetCount(); d++) {
        XYDataset ds = p.getDataset(d);
        if (ds == null) {
          continue;
        }
        for (int s = 0; s < ds.getSeriesCount(); s++) {
          series++;
          points += ds.getItemCount(s);
        }
      }
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(png, chart, WIDTH, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Figure(title, caption, "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()),
        series, points);
  }

  private static DateAxis timeAxis() {
    DateAxis x = new DateAxis("event time (UTC)");
    x.setTimeZone(TimeZone.getTimeZone("UTC"));
    return x;
  }

  private static ValueAxis valueAxis(String label, boolean log) {
    if (log) {
      // Plain tick labels (10, 20, 50, 100) rather than LogAxis' 10^1.2.
      LogarithmicAxis a = new LogarithmicAxis(label);
      a.setStrictValuesFlag(false);
      a.setAutoRangeNextLogFlag(false);
      return a;
    }
    NumberAxis a = new NumberAxis(label);
    a.setAutoRangeIncludesZero(false);
    return a;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
  }
}
