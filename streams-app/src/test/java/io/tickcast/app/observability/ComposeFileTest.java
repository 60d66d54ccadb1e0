package io.tickcast.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/docker-compose.yml} and {@code docker/Dockerfile}: the compose file is valid for
 * {@code docker-compose config}, and its resolved form (parsed) pins every image, gives every
 * service others wait for a readiness signal, and wires tickcast, the feeder, Prometheus and
 * Grafana to the files they need. No Docker engine is needed.
 */
class ComposeFileTest {

  private static final Path ROOT = DashboardFiles.repoRoot();
  private static final Path COMPOSE = ROOT.resolve("docker/docker-compose.yml");
  private static final Pattern FROM = Pattern.compile("(?m)^ARG (\\w+_IMAGE)=(\\S+)$");

  private static JsonNode services;

  @BeforeAll
  static void resolveComposeFile() {
    ExternalTool.require("docker-compose", "apt-get install docker-compose; .ci/run does this on CI");
    ExternalTool.Result r = ExternalTool.run(ROOT, Duration.ofMinutes(1),
        "docker-compose", "-f", COMPOSE.toString(), "config");
    assertThat(r.exitCode()).as("%s", r.describe()).isZero();
    services = DashboardFiles.readYaml(r.output()).path("services");
  }

  @Test
  void shouldPassDockerComposeConfigQuiet() {
    // Given docker-compose / When validating the file quietly
    ExternalTool.Result r = ExternalTool.run(ROOT, Duration.ofMinutes(1),
        "docker-compose", "-f", COMPOSE.toString(), "config", "-q");

    // Then it is valid and says nothing
    assertThat(r.exitCode()).as("%s", r.describe()).isZero();
    assertThat(r.output()).as("%s", r.describe()).isBlank();
  }

  @Test
  void shouldRunTheSixServices() {
    // Given the resolved services / Then the stack is complete
    List<String> names = fields(services).stream().map(Map.Entry::getKey).toList();
    assertThat(names).containsExactlyInAnyOrder("kafka", "topics-init", "tickcast", "feeder", "prometheus", "grafana");
  }

  @Test
  void shouldPinEveryImageWithoutLatest() {
    // Given every service's image
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> s : fields(services)) {
      String image = s.getValue().path("image").asText();
      if (image.isEmpty()) {
        problems.add(s.getKey() + ": no image (build-only services must name their image)");
      } else if (!isPinned(image)) {
        problems.add(s.getKey() + ": " + image + " is not pinned to a version tag");
      }
    }

    // and the Dockerfile's base images
    String dockerfile = read(ROOT.resolve("docker/Dockerfile"));
    Matcher m = FROM.matcher(dockerfile);
    int bases = 0;
    while (m.find()) {
      bases++;
      if (!isPinned(m.group(2))) {
        problems.add("Dockerfile " + m.group(1) + ": " + m.group(2) + " is not pinned");
      }
    }

    // Then none floats
    assertThat(problems).isEmpty();
    assertThat(bases).as("ARG *_IMAGE base images in the Dockerfile").isEqualTo(2);
  }

  @Test
  void shouldGiveEveryAwaitedServiceAReadinessSignal() {
    // Given every depends_on edge
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> s : fields(services)) {
      for (Map.Entry<String, JsonNode> dep : fields(s.getValue().path("depends_on"))) {
        String condition = dep.getValue().path("condition").asText();
        JsonNode target = services.path(dep.getKey());
        String edge = s.getKey() + " -> " + dep.getKey();
        if (target.isMissingNode()) {
          problems.add(edge + ": no such service");
        } else if ("service_healthy".equals(condition)) {
          JsonNode hc = target.path("healthcheck");
          if (hc.isMissingNode() || hc.path("disable").asBoolean() || hc.path("test").isMissingNode()) {
            problems.add(edge + ": waits for healthy but " + dep.getKey() + " has no healthcheck");
          }
        } else if ("service_completed_successfully".equals(condition)) {
          if (!"no".equals(target.path("restart").asText("no"))) {
            problems.add(edge + ": waits for completion but " + dep.getKey() + " restarts");
          }
        } else {
          problems.add(edge + ": condition '" + condition + "' does not wait for readiness");
        }
      }
    }

    // Then each is healthy-checked or a one-shot job
    assertThat(problems).isEmpty();
    assertThat(services.path("tickcast").path("healthcheck").path("test").toString()).contains("/health");
  }

  @Test
  void shouldConfigureTickcastWithKnownSettingsAndTheComposeTopics() {
    // Given tickcast's environment in the compose file and the image's
    Map<String, String> env = new TreeMap<>(env(services.path("tickcast")));
    Matcher dockerEnv = Pattern.compile("(?m)^ENV (TICKCAST_\\w+)=(\\S+)$").matcher(read(ROOT.resolve("docker/Dockerfile")));
    while (dockerEnv.find()) {
      env.putIfAbsent(dockerEnv.group(1), dockerEnv.group(2));
    }

    // Then every TICKCAST_ variable names a configuration key, and the configuration loads
    List<String> known = AppConfigLoader.DEFAULTS.keySet().stream().map(AppConfigLoader::envName).toList();
    assertThat(env.keySet()).filteredOn(k -> k.startsWith("TICKCAST_")).allSatisfy(k -> assertThat(known).contains(k));
    assertThat(env).containsEntry("TICKCAST_BOOTSTRAP_SERVERS", "kafka:19092").containsEntry("TICKCAST_TOPIC_CREATE", "false");
    assertThatCode(() -> AppConfigLoader.fromLayers(Map.of(), env)).doesNotThrowAnyException();
    AppConfig config = AppConfigLoader.fromLayers(Map.of(), env);

    // and topics-init creates exactly the topics tickcast uses, since it does not create them
    String init = services.path("topics-init").path("command").get(0).asText();
    Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(init);
    assertThat(loop.find()).as("topics-init loops over the topics: %s", init).isTrue();
    AppConfig.TopicNames t = config.topics();
    assertThat(loop.group(1).trim().split("\\s+"))
        .containsExactlyInAnyOrder(t.ticks(), t.bars(), t.forecasts(), t.ticksDlq(), t.barsDlq());
    assertThat(init).contains("--partitions 3", "--bootstrap-server kafka:19092", "--if-not-exists");

    // and Prometheus scrapes the port tickcast serves
    assertThat(read(ROOT.resolve("docker/prometheus/prometheus.yml"))).contains("tickcast:" + config.metricsPort());
    assertThat(services.path("tickcast").path("ports").toString()).contains(Integer.toString(config.metricsPort()));
  }

  @Test
  void shouldFeedTheBundledSampleThatTheImageShips() {
    // Given the feeder's command and the image's data directory
    JsonNode feeder = services.path("feeder");
    List<String> command = new ArrayList<>();
    feeder.path("command").forEach(c -> command.add(c.asText()));
    String dockerfile = read(ROOT.resolve("docker/Dockerfile"));

    // Then it runs the tickcast image's feed command on a file the Dockerfile copies to /app/data
    assertThat(feeder.path("image").asText()).isEqualTo(services.path("tickcast").path("image").asText());
    assertThat(command).startsWith("feed", "--csv");
    String csv = command.get(2);
    assertThat(csv).startsWith("/app/data/");
    assertThat(dockerfile).contains("COPY streams-app/src/main/resources/data/ /app/data/");
    assertThat(ROOT.resolve("streams-app/src/main/resources/data").resolve(csv.substring("/app/data/".length())))
        .isRegularFile();
    assertThat(env(feeder)).containsEntry("TICKCAST_BOOTSTRAP_SERVERS", "kafka:19092");

    // and its ticks carry the demo's symbol, as the README's curl .../api/forecasts/BTCUSD expects
    // (the file has no symbol column: without --symbol, feed names them after the file,
    // BITSTAMP_BTCUSD_TRADES_20131125_20131201)
    String symbol = AppConfigLoader.DEFAULTS.get("demo.symbol");
    assertThat(String.join(" ", command)).contains("--symbol " + symbol);

    // and the image runs the jar the build produces, with its lib/ class path
    assertThat(dockerfile).contains(
        "ENTRYPOINT [\"java\",", "\"-jar\", \"/app/tickcast.jar\"]", "CMD [\"run\"]",
        "streams-app/target/tickcast-streams-app-0.1.0-SNAPSHOT.jar /app/tickcast.jar",
        "streams-app/target/lib/ /app/lib/", "mvn -B -DskipTests package");
  }

  @Test
  void shouldMountTheObservabilityFiles() {
    // Given Prometheus's and Grafana's volumes
    String prometheus = services.path("prometheus").path("volumes").toString();
    String grafana = services.path("grafana").path("volumes").toString();

    // Then they are this repository's directories
    assertThat(prometheus).contains(ROOT.resolve("docker/prometheus") + ":/etc/prometheus");
    assertThat(grafana).contains(ROOT.resolve("grafana/provisioning") + ":/etc/grafana/provisioning",
        ROOT.resolve("grafana/dashboards") + ":/var/lib/grafana/dashboards");
    assertThat(env(services.path("grafana"))).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
        .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
    assertThat(services.path("grafana").path("ports").toString()).contains("3000");
  }

  private static boolean isPinned(String image) {
    String nameAndTag = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = nameAndTag.lastIndexOf('/');
    int colon = nameAndTag.lastIndexOf(':');
    if (image.contains("@sha256:")) {
      return true;
    }
    if (colon <= slash) {
      return false;
    }
    String tag = nameAndTag.substring(colon + 1);
    return !tag.isEmpty() && !"latest".equals(tag) && tag.matches(".*\\d.*");
  }

  private static Map<String, String> env(JsonNode service) {
    Map<String, String> out = new TreeMap<>();
    JsonNode e = service.path("environment");
    if (e.isArray()) {
      e.forEach(kv -> {
        String s = kv.asText();
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      });
    } else {
      fields(e).forEach(kv -> out.put(kv.getKey(), kv.getValue().asText()));
    }
    return out;
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return new ArrayList<>(node.properties());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
