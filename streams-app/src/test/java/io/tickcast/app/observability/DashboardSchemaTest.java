package io.tickcast.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickcast.app.metrics.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static checks of {@code grafana/}: each dashboard's structure, its template variables and data
 * source, the metric names its PromQL reads (against the {@link MetricNames} catalogue), the
 * provisioning files, and Grafana's own schema ({@code grafana/schema-check}: the dashboards
 * type-checked against {@code @grafana/schema}, needs node and npm). Whether every query returns
 * data from a running app is {@link DashboardContractIT}'s job.
 */
class DashboardSchemaTest {

  private static final Set<String> EXPECTED = Set.of(
      "tickcast-pipeline.json", "tickcast-training.json", "tickcast-forecast-quality.json");
  private static final String DATASOURCE_UID = "prometheus";

  static List<Path> dashboards() {
    return DashboardFiles.dashboardPaths();
  }

  @Test
  void shouldShipTheThreeDashboards() {
    // Given the dashboard directory / When listing it
    Set<String> names = dashboards().stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());

    // Then the three dashboards are there
    assertThat(names).containsAll(EXPECTED);
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void shouldHaveUidTitlePanelsAndTheTemplateVariables(Path file) {
    // Given a dashboard
    JsonNode d = DashboardFiles.readJson(file);

    // Then it is identified, has panels with unique ids, and the symbol and instance variables
    assertThat(d.path("uid").asText()).as("uid of %s", file).isNotBlank().hasSizeLessThanOrEqualTo(40);
    assertThat(d.path("title").asText()).as("title of %s", file).isNotBlank();
    assertThat(d.path("schemaVersion").asInt()).as("schemaVersion of %s", file).isPositive();
    assertThat(d.path("panels").isArray() && d.path("panels").size() > 0).as("panels of %s", file).isTrue();
    List<Integer> ids = new ArrayList<>();
    d.path("panels").forEach(p -> ids.add(p.path("id").asInt()));
    assertThat(ids).as("panel ids of %s", file).doesNotHaveDuplicates();

    Map<String, JsonNode> vars = new TreeMap<>();
    d.path("templating").path("list").forEach(v -> vars.put(v.path("name").asText(), v));
    assertThat(vars).as("template variables of %s", file).containsKeys("symbol", "instance");
    for (String name : List.of("symbol", "instance")) {
      JsonNode v = vars.get(name);
      assertThat(v.path("type").asText()).as("type of $%s", name).isEqualTo("query");
      assertThat(v.path("datasource").path("uid").asText()).as("data source of $%s", name).isEqualTo(DATASOURCE_UID);
      assertThat(v.path("multi").asBoolean() && v.path("includeAll").asBoolean())
          .as("$%s is multi-value with All", name).isTrue();
      assertThat(v.path("allValue").asText()).as("All of $%s matches every value", name).isEqualTo(".*");
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void shouldQueryThePrometheusDataSourceFromEveryPanel(Path file) {
    // Given a dashboard
    JsonNode d = DashboardFiles.readJson(file);

    // Then every panel reads the provisioned Prometheus and has PromQL
    List<String> problems = new ArrayList<>();
    for (JsonNode p : DashboardFiles.panels(d)) {
      String title = p.path("title").asText();
      if (!"prometheus".equals(p.path("datasource").path("type").asText())
          || !DATASOURCE_UID.equals(p.path("datasource").path("uid").asText())) {
        problems.add(title + ": data source is not {type: prometheus, uid: prometheus}");
      }
      int exprs = 0;
      for (JsonNode t : p.path("targets")) {
        if (!t.path("expr").asText().isBlank()) {
          exprs++;
        }
        if (!"prometheus".equals(t.path("datasource").path("type").asText())) {
          problems.add(title + " [" + t.path("refId").asText() + "]: target data source is not prometheus");
        }
      }
      if (exprs == 0) {
        problems.add(title + ": no target with an expr");
      }
    }
    assertThat(problems).as("panels of %s", file.getFileName()).isEmpty();
  }

  @Test
  void shouldReadOnlyCatalogueMetricsFilteredByInstanceAndSymbol() {
    // Given the catalogue's Prometheus names and their per-symbol flag
    Map<String, MetricNames> byName = new TreeMap<>();
    for (MetricNames m : MetricNames.values()) {
      byName.put(m.prometheusName(), m);
      if (m.type() == MetricNames.Type.TIMER || m.type() == MetricNames.Type.SUMMARY) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
          byName.put(m.prometheusName() + suffix, m);
        }
      }
    }

    // When checking every query of every dashboard
    List<String> problems = new ArrayList<>();
    for (DashboardFiles.Target t : DashboardFiles.targets()) {
      if (!t.expr().contains("instance=~\"$instance\"")) {
        problems.add(t.label() + ": not filtered by instance=~\"$instance\": " + t.expr());
      }
      for (String series : DashboardFiles.tickcastSeries(t.expr())) {
        MetricNames m = byName.get(series);
        if (m == null) {
          problems.add(t.label() + ": " + series + " is not in MetricNames");
        } else if (m.tagKeys().contains("symbol") && !t.expr().contains("symbol=~\"$symbol\"")) {
          problems.add(t.label() + ": per-symbol " + series + " not filtered by symbol=~\"$symbol\"");
        }
      }
    }

    // Then every tickcast series exists and the variables are applied
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldProvisionTheDataSourceAndDashboardsTheComposeFileMounts() throws Exception {
    // Given the provisioning files and the compose file
    Path root = DashboardFiles.repoRoot();
    JsonNode datasources = DashboardFiles.readYaml(root.resolve("grafana/provisioning/datasources/prometheus.yml"));
    JsonNode providers = DashboardFiles.readYaml(root.resolve("grafana/provisioning/dashboards/dashboards.yml"));
    String compose = Files.readString(root.resolve("docker/docker-compose.yml"));

    // Then the data source is the compose stack's Prometheus with the uid the panels use
    JsonNode ds = datasources.path("datasources").get(0);
    assertThat(ds.path("type").asText()).isEqualTo("prometheus");
    assertThat(ds.path("uid").asText()).isEqualTo(DATASOURCE_UID);
    assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(ds.path("access").asText()).isEqualTo("proxy");

    // and the file provider reads the directory the dashboards are mounted at
    JsonNode provider = providers.path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    String path = provider.path("options").path("path").asText();
    assertThat(compose).contains("../grafana/dashboards:" + path, "../grafana/provisioning:/etc/grafana/provisioning");
  }

  @Test
  void shouldHaveUniqueDashboardUids() {
    // Given all dashboards / Then their uids differ
    Set<String> seen = new HashSet<>();
    for (Path file : dashboards()) {
      assertThat(seen.add(DashboardFiles.readJson(file).path("uid").asText())).as("uid of %s is unique", file).isTrue();
    }
  }

  @Test
  void shouldMatchGrafanasPublishedDashboardSchema() {
    // Given node, npm and the pinned @grafana/schema + typescript (installed by npm ci once)
    Path checkDir = DashboardFiles.repoRoot().resolve("grafana/schema-check");
    ExternalTool.require("node", "apt-get install nodejs npm");
    if (!Files.isRegularFile(checkDir.resolve("node_modules/@grafana/schema/package.json"))
        || !Files.isRegularFile(checkDir.resolve("node_modules/typescript/package.json"))) {
      ExternalTool.require("npm", "apt-get install npm");
      ExternalTool.Result install = ExternalTool.run(checkDir, Duration.ofMinutes(3),
          "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline");
      assertThat(install.exitCode()).as("npm ci in %s:%n%s", checkDir, install.describe()).isZero();
    }

    // When type-checking every dashboard against the schema
    ExternalTool.Result check = ExternalTool.run(checkDir, Duration.ofMinutes(2),
        "node", "check.mjs", DashboardFiles.dashboardDir().toString());

    // Then the compiler finds nothing
    assertThat(check.exitCode()).as("%s", check.describe()).isZero();
    assertThat(check.output()).contains("valid against @grafana/schema");
  }
}
