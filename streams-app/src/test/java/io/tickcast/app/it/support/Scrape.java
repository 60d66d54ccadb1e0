package io.tickcast.app.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One parsed Prometheus text scrape of {@code /metrics}: series to value. */
public final class Scrape {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;
  private final Map<String, Double> series = new TreeMap<>();

  private Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (m.find()) {
        Map<String, String> labels = new TreeMap<>();
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        series.put(key(m.group(1), labels), Double.parseDouble(m.group(4)));
      }
    }
  }

  /** GETs {@code http://127.0.0.1:<port>/metrics}. */
  public static Scrape of(int port) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("/metrics answered " + r.statusCode());
    }
    return new Scrape(r.body());
  }

  /** Value of the series {@code name{labels}}, 0 when absent (a counter never incremented). */
  public double value(String name, Map<String, String> labels) {
    return series.getOrDefault(key(name, new TreeMap<>(labels)), 0.0);
  }

  public double value(String name) {
    return value(name, Map.of());
  }

  /** Sum over every series of {@code name} whose labels include {@code match}. */
  public double sum(String name, Map<String, String> match) {
    double total = 0;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String k = e.getKey();
      if (k.equals(name) || k.startsWith(name + "{")) {
        boolean all = match.entrySet().stream()
            .allMatch(m -> k.contains(m.getKey() + "=\"" + m.getValue() + "\""));
        if (all) {
          total += e.getValue();
        }
      }
    }
    return total;
  }

  /** Every series of {@code name} with its value, for failure messages. */
  public Map<String, Double> seriesOf(String name) {
    Map<String, Double> out = new TreeMap<>();
    series.forEach((k, v) -> {
      if (k.equals(name) || k.startsWith(name + "{")) {
        out.put(k, v);
      }
    });
    return out;
  }

  public String text() {
    return text;
  }

  private static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder b = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
    b.setLength(b.length() - 1);
    return b.append('}').toString();
  }
}
