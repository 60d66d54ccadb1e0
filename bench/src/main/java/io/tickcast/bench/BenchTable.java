package io.tickcast.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prints a Markdown table from JMH CSV result files ({@code -rf csv}): ms per train step (mean
 * with its 99.9% interval, and the median when the run used sample mode) and samples per second
 * for each B and H, kernel vs DL4J measured in the same run, the speed-ups, and the reference
 * numbers measured earlier on this machine.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tickcast.bench.BenchTable a.csv ...}
 */
public final class BenchTable {

  /** Earlier measurements at H=32 (1 thread, one plain fit()/step): ms per step by B. */
  private static final Map<Integer, String[]> REFERENCE = Map.of(
      1, new String[] {"18–30", "4.3", "2.7"},
      16, new String[] {"17–29", "~10", "3.3"},
      256, new String[] {"79–88", "~94", "15"});

  private BenchTable() {}

  /** One JMH result row ({@code benchmark} carries a {@code :p0.50}-style suffix for quantiles). */
  record Result(String benchmark, String backend, int batch, int hidden, double ms,
      double errorMs) {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: BenchTable results.csv [more.csv ...]");
    }
    List<Result> results = new ArrayList<>();
    for (String a : args) {
      results.addAll(read(Path.of(a)));
    }
    print(results, System.out);
  }

  static List<Result> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<Result> out = new ArrayList<>();
    if (lines.isEmpty()) {
      return out;
    }
    List<String> header = split(lines.get(0));
    int bench = header.indexOf("Benchmark");
    int score = header.indexOf("Score");
    int error = header.indexOf("Score Error (99.9%)");
    int unit = header.indexOf("Unit");
    int backend = header.indexOf("Param: backend");
    int batch = header.indexOf("Param: batch");
    int hidden = header.indexOf("Param: hidden");
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> f = split(line);
      double toMs = switch (f.get(unit)) {
        case "ms/op" -> 1;
        case "us/op" -> 1e-3;
        case "ns/op" -> 1e-6;
        case "s/op" -> 1e3;
        default -> throw new IllegalArgumentException("unsupported unit " + f.get(unit));
      };
      String name = f.get(bench);
      int colon = name.indexOf(':');
      String method = colon < 0 ? name : name.substring(0, colon);
      String shortName = name.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
      out.add(new Result(shortName,
          f.get(backend), batch < 0 || f.get(batch).isEmpty() ? 1 : Integer.parseInt(f.get(batch)),
          Integer.parseInt(f.get(hidden)), number(f.get(score)) * toMs,
          number(f.get(error)) * toMs));
    }
    return out;
  }

  static void print(List<Result> results, PrintStream out) {
    out.println("### Train step (T=32, F=5, k=2 micro-batches; k=1 at B=1)");
    out.println();
    out.println("ms/step: mean ± 99.9% interval; p50: median step. Samples/s from the mean.");
    out.println();
    out.println("| H | B | kernel ms/step | kernel p50 | kernel samples/s | DL4J ms/step | DL4J p50"
        + " | DL4J samples/s | speed-up (mean) | speed-up (p50)"
        + " | ref: DL4J fit / SameDiff / PyTorch ms |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    Map<String, Result> train = index(results, "TrainStepBenchmark.step");
    Map<String, Result> trainP50 = index(results, "TrainStepBenchmark.step:p0.50");
    TreeSet<Integer> hiddens = new TreeSet<>();
    TreeSet<Integer> batches = new TreeSet<>();
    for (Result r : train.values()) {
      hiddens.add(r.hidden());
      batches.add(r.batch());
    }
    for (int h : hiddens) {
      for (int b : batches) {
        Result k = train.get(key("KERNEL", b, h));
        Result d = train.get(key("DL4J", b, h));
        if (k == null && d == null) {
          continue;
        }
        Result k50 = trainP50.get(key("KERNEL", b, h));
        Result d50 = trainP50.get(key("DL4J", b, h));
        String[] ref = h == 32 ? REFERENCE.get(b) : null;
        out.printf(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", h, b,
            ms(k), ms(k50), rate(k, b), ms(d), ms(d50), rate(d, b), ratio(k, d), ratio(k50, d50),
            ref == null ? "" : ref[0] + " / " + ref[1] + " / " + ref[2]);
      }
    }
    out.println();
    out.println("### Forecast (one sequence, batch 1)");
    out.println();
    out.println("| H | kernel µs | kernel p50 µs | kernel forecasts/s | DL4J µs | DL4J p50 µs"
        + " | DL4J forecasts/s | speed-up (mean) | speed-up (p50) |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Map<String, Result> forecast = index(results, "ForecastBenchmark.forecast");
    Map<String, Result> forecastP50 = index(results, "ForecastBenchmark.forecast:p0.50");
    for (int h : new TreeSet<>(forecast.values().stream().map(Result::hidden).toList())) {
      Result k = forecast.get(key("KERNEL", 1, h));
      Result d = forecast.get(key("DL4J", 1, h));
      Result k50 = forecastP50.get(key("KERNEL", 1, h));
      Result d50 = forecastP50.get(key("DL4J", 1, h));
      out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", h, us(k), us(k50),
          rate(k, 1), us(d), us(d50), rate(d, 1), ratio(k, d), ratio(k50, d50));
    }
  }

  private static Map<String, Result> index(List<Result> results, String benchmark) {
    Map<String, Result> m = new TreeMap<>();
    for (Result r : results) {
      if (r.benchmark().equals(benchmark)) {
        m.put(key(r.backend(), r.batch(), r.hidden()), r);
      }
    }
    return m;
  }

  private static String key(String backend, int batch, int hidden) {
    return backend + "/" + batch + "/" + hidden;
  }

  private static String ms(Result r) {
    if (r == null) {
      return "–";
    }
    return Double.isNaN(r.errorMs())
        ? String.format(Locale.ROOT, "%.3f", r.ms())
        : String.format(Locale.ROOT, "%.3f ± %.3f", r.ms(), r.errorMs());
  }

  private static String us(Result r) {
    if (r == null) {
      return "–";
    }
    return Double.isNaN(r.errorMs())
        ? String.format(Locale.ROOT, "%.1f", r.ms() * 1e3)
        : String.format(Locale.ROOT, "%.1f ± %.1f", r.ms() * 1e3, r.errorMs() * 1e3);
  }

  private static String rate(Result r, int perOp) {
    return r == null ? "–" : String.format(Locale.ROOT, "%,.0f", perOp * 1e3 / r.ms());
  }

  private static String ratio(Result kernel, Result dl4j) {
    if (kernel == null || dl4j == null) {
      return "–";
    }
    double r = dl4j.ms() / kernel.ms();
    return String.format(Locale.ROOT, r < 10 ? "%.1f×" : "%.0f×", r);
  }

  private static double number(String s) {
    if (s.isEmpty() || s.equalsIgnoreCase("NaN")) {
      return Double.NaN;
    }
    // JMH writes numbers in the default locale: accept a decimal comma as well.
    return Double.parseDouble(s.indexOf('.') < 0 ? s.replace(',', '.') : s);
  }

  /** Splits one CSV line with double-quoted fields. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        fields.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    fields.add(cur.toString());
    return fields;
  }
}
