package io.tickcast.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's deployment files as the tests see them: paths (tests run with the module
 * directory as working directory, so the repository root is its parent), the Grafana dashboards
 * and their PromQL, and Grafana's template-variable substitution.
 */
final class DashboardFiles {

  static final ObjectMapper JSON = new ObjectMapper();
  static final YAMLMapper YAML = new YAMLMapper();

  /** Grafana variables the dashboards may use: {@code $name}, {@code ${name}}, {@code ${name:format}}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");
  /** {@code label_values(metric{selector}, label)} of a Prometheus query variable. */
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$");
  private static final Pattern TICKCAST_METRIC = Pattern.compile("\\btickcast_[a-z0-9_]+");

  /** One query of a panel. */
  record Target(String dashboard, String panel, String type, String refId, String expr) {
    String label() {
      return dashboard + " / " + panel + " [" + refId + "]";
    }
  }

  /** A query template variable: {@code label_values(series, label)}. */
  record Variable(String dashboard, String name, String query) {}

  private DashboardFiles() {}

  static Path repoRoot() {
    Path module = Path.of("").toAbsolutePath();
    Path root = module.getParent();
    if (root == null || !Files.isDirectory(root.resolve("grafana")) || !Files.isDirectory(root.resolve("docker"))) {
      throw new IllegalStateException("run the tests from the streams-app module directory (cwd: " + module + ")");
    }
    return root;
  }

  static Path dashboardDir() {
    return repoRoot().resolve("grafana").resolve("dashboards");
  }

  static List<Path> dashboardPaths() {
    try (Stream<Path> files = Files.list(dashboardDir())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode readYaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse YAML", e);
    }
  }

  /** Top-level panels and the panels nested in collapsed rows, rows excluded. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      if ("row".equals(p.path("type").asText())) {
        p.path("panels").forEach(out::add);
      } else {
        out.add(p);
      }
    }
    return out;
  }

  static List<Target> targets() {
    List<Target> out = new ArrayList<>();
    for (Path file : dashboardPaths()) {
      JsonNode d = readJson(file);
      String name = file.getFileName().toString();
      for (JsonNode p : panels(d)) {
        for (JsonNode t : p.path("targets")) {
          out.add(new Target(name, p.path("title").asText(), p.path("type").asText(),
              t.path("refId").asText(), t.path("expr").asText()));
        }
      }
    }
    return out;
  }

  static List<Variable> variables() {
    List<Variable> out = new ArrayList<>();
    for (Path file : dashboardPaths()) {
      for (JsonNode v : readJson(file).path("templating").path("list")) {
        if ("query".equals(v.path("type").asText())) {
          JsonNode q = v.path("query");
          out.add(new Variable(file.getFileName().toString(), v.path("name").asText(),
              q.isObject() ? q.path("query").asText() : q.asText()));
        }
      }
    }
    return out;
  }

  /**
   * {@code expr} with Grafana's variables replaced from {@code values}.
   *
   * @throws IllegalArgumentException naming a variable that has no value
   */
  static String substitute(String expr, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("unknown variable $" + name + " in " + expr);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * The PromQL equivalent of a {@code label_values(series, label)} variable query: one series per
   * label value.
   *
   * @throws IllegalArgumentException for another kind of variable query
   */
  static String labelValuesAsPromql(String query) {
    Matcher m = LABEL_VALUES.matcher(query);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a label_values(series, label) query: " + query);
    }
    return "group by (" + m.group(2) + ") (" + m.group(1) + ")";
  }

  static String labelOfLabelValues(String query) {
    Matcher m = LABEL_VALUES.matcher(query);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a label_values(series, label) query: " + query);
    }
    return m.group(2);
  }

  /** The {@code tickcast_*} series names an expression reads. */
  static Set<String> tickcastSeries(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher m = TICKCAST_METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
