package io.tickcast.bench.regime;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG line charts of rolling scores with the regime boundaries marked (JFreeChart, headless). */
final class Charts {

  private Charts() {}

  /**
   * Writes one chart: each entry of {@code lines} is a per-bar series (NaN = gap), plotted every
   * {@code stride} bars; vertical markers at {@code shifts}.
   */
  static void write(File png, String title, String yLabel, Map<String, double[]> lines,
      int[] shifts, double yMin, double yMax) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    int stride = 10;
    for (Map.Entry<String, double[]> e : lines.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      double[] v = e.getValue();
      for (int t = 0; t < v.length; t += stride) {
        if (!Double.isNaN(v[t])) {
          s.add(t, Math.max(yMin, Math.min(yMax, v[t])));
        }
      }
      data.addSeries(s);
    }
    NumberAxis x = new NumberAxis("bar");
    NumberAxis y = new NumberAxis(yLabel);
    y.setRange(yMin, yMax);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < lines.size(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(1.5f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (int s : shifts) {
      ValueMarker m = new ValueMarker(s);
      m.setPaint(Color.DARK_GRAY);
      m.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
          new float[] {4f, 4f}, 0f));
      plot.addDomainMarker(m);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png, chart, 1000, 420);
  }
}
