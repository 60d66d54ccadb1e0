package io.tickcast.app.backtest;

import io.tickcast.model.domain.Forecast;
import io.tickcast.model.pipeline.ExpertPanel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The backtest's expert-mix output (issue 10): extra {@code forecasts.csv} columns with the
 * published mix (mean, sigma, recent skill vs naive) and one weight column per mean expert, and
 * {@code experts.csv} ({@code ts,symbol,expert,weight}, drawn by the report). Stateless.
 */
final class ExpertColumns {

  /** Appended to the {@code forecasts.csv} header (leading comma, no newline). */
  static final String HEADER = ",published_return,published_sigma,published_skill"
      + ExpertPanel.EXPERTS.stream().map(e -> ",w_" + e).reduce("", String::concat);

  private ExpertColumns() {}

  /** The appended cells of a forecast (leading comma, no newline); weights 0 if absent. */
  static String cells(Forecast f) {
    StringBuilder b = new StringBuilder();
    b.append(',').append(num(f.predictedReturn())).append(',').append(num(f.sigma())).append(',')
        .append(num(f.publishedSkill()));
    for (String e : ExpertPanel.EXPERTS) {
      b.append(',').append(num(f.weights().getOrDefault(e, 0.0)));
    }
    return b.toString();
  }

  /** Opens {@code <out>/experts.csv} and writes its header. */
  static BufferedWriter open(Path out) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(out.resolve("experts.csv"), StandardCharsets.UTF_8);
    w.write("ts,symbol,expert,weight\n");
    return w;
  }

  /** One {@code experts.csv} row per expert of the forecast scored at {@code ts}; null: none. */
  static void writeWeights(Writer experts, long ts, Forecast f) throws IOException {
    if (experts == null) {
      return;
    }
    for (var e : f.weights().entrySet()) {
      experts.write(ts + "," + f.symbol() + "," + e.getKey() + "," + num(e.getValue()) + "\n");
    }
  }

  private static String num(double v) {
    return Double.toString(v);
  }
}
