package io.tickcast.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/prometheus/}: the alert rules and the Prometheus configuration pass {@code
 * promtool}'s checks, and the rules' unit tests ({@code alerts.test.yml}, {@code promtool test
 * rules}) show each alert firing when it should and staying silent otherwise.
 */
class AlertRulesTest {

  private static final String PROMTOOL_HINT = "apt-get install prometheus; .ci/run does this on CI";
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final Path dir = DashboardFiles.repoRoot().resolve("docker").resolve("prometheus");

  @Test
  void shouldPassPromtoolCheckRules() {
    // Given promtool
    ExternalTool.require("promtool", PROMTOOL_HINT);

    // When checking the rule file
    ExternalTool.Result r = ExternalTool.run(dir, TIMEOUT, "promtool", "check", "rules", "alerts.yml");

    // Then it is valid
    assertThat(r.exitCode()).as("%s", r.describe()).isZero();
  }

  @Test
  void shouldPassPromtoolCheckConfig() {
    // Given promtool and the compose stack's prometheus.yml (rule_files relative to it)
    ExternalTool.require("promtool", PROMTOOL_HINT);

    // When checking the configuration, which also loads the rule files
    ExternalTool.Result r = ExternalTool.run(dir, TIMEOUT, "promtool", "check", "config", "prometheus.yml");

    // Then it is valid and loads alerts.yml
    assertThat(r.exitCode()).as("%s", r.describe()).isZero();
    assertThat(r.output()).contains("alerts.yml");
  }

  @Test
  void shouldFireEachAlertInItsUnitTests() {
    // Given promtool and alerts.test.yml
    ExternalTool.require("promtool", PROMTOOL_HINT);

    // When running the rule unit tests
    ExternalTool.Result r = ExternalTool.run(dir, TIMEOUT, "promtool", "test", "rules", "alerts.test.yml");

    // Then they pass
    assertThat(r.exitCode()).as("%s", r.describe()).isZero();
  }

  @Test
  void shouldCoverTheRequiredAlertsWithLabelsAnnotationsAndFiringTests() {
    // Given the rules and their unit tests
    JsonNode rules = DashboardFiles.readYaml(dir.resolve("alerts.yml"));
    JsonNode tests = DashboardFiles.readYaml(dir.resolve("alerts.test.yml"));

    // When collecting the alerts, and the alerts some test expects to fire
    Set<String> alerts = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    StringBuilder exprs = new StringBuilder();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText();
        alerts.add(name);
        exprs.append(rule.path("expr").asText()).append('\n');
        if (rule.path("labels").path("severity").asText().isBlank()) {
          problems.add(name + ": no severity label");
        }
        if (rule.path("annotations").path("summary").asText().isBlank()
            || rule.path("annotations").path("description").asText().isBlank()) {
          problems.add(name + ": summary and description annotations needed");
        }
      }
    }
    Set<String> firedInTests = new TreeSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode a : test.path("alert_rule_test")) {
        if (a.path("exp_alerts").size() > 0) {
          firedInTests.add(a.path("alertname").asText());
        }
      }
    }

    // Then the required conditions are alerted on, and every alert has a firing test
    assertThat(problems).isEmpty();
    assertThat(exprs.toString()).contains(
        "up{job=\"tickcast\"} == 0",
        "tickcast_dlq_records_total",
        "kafka_consumer_fetch_manager_records_lag_max",
        "tickcast_eval_skill < 0",
        "tickcast_train_skipped_total",
        "tickcast_forecasts_total");
    assertThat(firedInTests).as("alerts with a firing unit test").isEqualTo(alerts);
  }
}
