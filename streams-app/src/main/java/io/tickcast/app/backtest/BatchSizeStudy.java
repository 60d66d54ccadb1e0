package io.tickcast.app.backtest;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Runs the same bars through one {@link Backtest} per batch size (fixed B with the linear scaling
 * rule, or adaptive), each in {@code out/B=<b>/}, then writes {@code study.csv} (one row per
 * variant) and {@code study.png} (smoothed training loss and gradient-noise scale B_simple over
 * time per variant, drift alarms marked). Full-batch-like (B=256), mini-batch and stochastic
 * (B=1) training seen on the same data.
 */
public final class BatchSizeStudy {

  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2)};

  private BatchSizeStudy() {}

  /** One variant's result. */
  public record Row(String variant, Backtest.Stats stats, List<double[]> series, List<Long> drifts) {}

  /**
   * @param variants e.g. {@code ["1","4","16","64","256","adaptive"]}
   */
  public static List<Row> run(ForecasterConfig base, List<String> variants, List<Bar> bars, Path out,
      Consumer<String> progress) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String v : variants) {
      ForecasterConfig cfg = v.equals("adaptive")
          ? base.withAdapt(base.adapt().withAdaptiveBatch(true))
          : base.withBatchSize(Integer.parseInt(v));
      progress.accept("study: variant B=" + v);
      Backtest bt = new Backtest(cfg);
      Backtest.Summary s = bt.run(bars, out.resolve("B=" + v), progress);
      rows.add(new Row(v, s.overall(), bt.updateSeries(), bt.driftTimes()));
    }
    writeCsv(rows, out.resolve("study.csv"));
    writePng(rows, out.resolve("study.png"));
    return rows;
  }

  private static void writeCsv(List<Row> rows, Path file) throws IOException {
    StringBuilder sb = new StringBuilder("batch_size,n,skill,skill_published,qlike_model,mean_loss,"
        + "mean_b_simple,updates,train_ms_p50,drifts,recovery_bars\n");
    for (Row r : rows) {
      Backtest.Stats s = r.stats();
      sb.append(String.format(Locale.ROOT, "%s,%d,%.5f,%.5f,%.4f,%.4f,%.2f,%d,%.2f,%d,%s%n",
          r.variant(), s.n(), s.skill(), s.skillPublished(), s.qlikeModel(), s.meanLoss(),
          s.meanNoiseScale(), s.updates(), s.trainMsP50(), s.drifts(),
          s.recoveries().toString().replace(", ", ";").replace("[", "").replace("]", "")));
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  private static void writePng(List<Row> rows, Path file) throws IOException {
    int w = 1400;
    int h = 900;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double t0 = Double.MAX_VALUE;
    double t1 = -Double.MAX_VALUE;
    for (Row r : rows) {
      for (double[] u : r.series()) {
        t0 = Math.min(t0, u[0]);
        t1 = Math.max(t1, u[0]);
      }
    }
    if (t0 >= t1) {
      t0 = 0;
      t1 = 1;
    }
    panel(g, rows, 60, 40, w - 260, 380, t0, t1, 1, false, "training loss (Gaussian NLL, EMA of updates)");
    panel(g, rows, 60, 480, w - 260, 380, t0, t1, 2, true, "gradient noise scale B_simple (log scale)");
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    for (int i = 0; i < rows.size(); i++) {
      g.setColor(PALETTE[i % PALETTE.length]);
      g.fillRect(w - 180, 60 + 24 * i, 16, 12);
      g.setColor(Color.BLACK);
      g.drawString("B=" + rows.get(i).variant() + "  drifts " + rows.get(i).drifts().size(), w - 158, 71 + 24 * i);
    }
    g.setColor(Color.GRAY);
    g.drawString("dashed: drift alarms (colour of the variant)", w - 330, h - 12);
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static void panel(Graphics2D g, List<Row> rows, int x, int y, int pw, int ph, double t0,
      double t1, int col, boolean log, String title) {
    List<List<double[]>> pts = new ArrayList<>();
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (Row r : rows) {
      List<double[]> p = new ArrayList<>();
      double ema = Double.NaN;
      for (double[] u : r.series()) {
        double v = u[col];
        if (log) {
          if (!(v > 0)) {
            continue;
          }
          v = Math.log10(v);
        }
        ema = Double.isNaN(ema) ? v : 0.9 * ema + 0.1 * v;
        p.add(new double[] {u[0], ema});
        lo = Math.min(lo, ema);
        hi = Math.max(hi, ema);
      }
      pts.add(p);
    }
    if (!(lo < hi)) {
      lo = 0;
      hi = 1;
    }
    g.setColor(Color.BLACK);
    g.drawRect(x, y, pw, ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, x, y - 8);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int k = 0; k <= 4; k++) {
      double v = lo + (hi - lo) * k / 4;
      int yy = y + ph - (int) ((v - lo) / (hi - lo) * ph);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x, yy, x + pw, yy);
      g.setColor(Color.DARK_GRAY);
      g.drawString(log ? String.format(Locale.ROOT, "%.3g", Math.pow(10, v))
          : String.format(Locale.ROOT, "%.2f", v), 5, yy + 4);
      double t = t0 + (t1 - t0) * k / 4;
      g.drawString(Instant.ofEpochMilli((long) t).atZone(ZoneOffset.UTC).toLocalDate().toString(),
          x + (int) (pw * k / 4.0) - 30, y + ph + 16);
    }
    for (int i = 0; i < rows.size(); i++) {
      Color c = PALETTE[i % PALETTE.length];
      g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
      g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
      for (long d : rows.get(i).drifts()) {
        int xx = x + (int) ((d - t0) / (t1 - t0) * pw);
        g.drawLine(xx, y, xx, y + ph);
      }
      g.setColor(c);
      g.setStroke(new BasicStroke(1.6f));
      int px = -1;
      int py = -1;
      for (double[] p : pts.get(i)) {
        int xx = x + (int) ((p[0] - t0) / (t1 - t0) * pw);
        int yy = y + ph - (int) ((p[1] - lo) / (hi - lo) * ph);
        if (px >= 0) {
          g.drawLine(px, py, xx, yy);
        }
        px = xx;
        py = yy;
      }
    }
    g.setStroke(new BasicStroke(1f));
  }
}
