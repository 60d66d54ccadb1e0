package io.tickcast.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.training.FastSkip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppConfigLoaderTest {

  @Test
  void shouldUseDefaultsWhenNothingIsConfigured() {
    AppConfig c = AppConfigLoader.fromLayers(Map.of(), Map.of());
    assertThat(c.bootstrapServers()).isEmpty();
    assertThat(c.barSize()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(c.model().seqLength()).isEqualTo(32);
    assertThat(c.model().batchSize()).isEqualTo(16);
    assertThat(c.metricsPort()).isEqualTo(8080);
    assertThat(c.topics().ticksDlq()).isEqualTo("ticks.dlq");
  }

  @Test
  void shouldLetEnvironmentOverrideFileOverrideDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "bar.size=5m\nmodel.batch.size=8\nkafka.linger.ms=7\n");
    AppConfig c = AppConfigLoader.load(Optional.of(file),
        Map.of("TICKCAST_MODEL_BATCH_SIZE", "4", "TICKCAST_BOOTSTRAP_SERVERS", "k:9092"));
    assertThat(c.barSize()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.model().batchSize()).isEqualTo(4);
    assertThat(c.bootstrapServers()).contains("k:9092");
    assertThat(c.kafkaOverrides()).containsEntry("linger.ms", "7");
  }

  @Test
  void shouldReadTheReplayKeysWithTheResearchDefaults() {
    AppConfig d = AppConfigLoader.fromLayers(Map.of(), Map.of());
    assertThat(d.model().replay()).isEqualTo(io.tickcast.model.ForecasterConfig.defaults().replay());
    AppConfig c = AppConfigLoader.fromLayers(Map.of("model.replay.every", "8",
        "model.replay.window", "0", "model.replay.half.life", "32"), Map.of());
    assertThat(c.model().replay())
        .isEqualTo(new io.tickcast.model.ForecasterConfig.Replay(8, 0, 32));
    assertThat(c.model().replay().on()).isFalse();
  }

  @Test
  void shouldSwitchTheFastSkipOffOrSetItsMemoryAndKeepTheModelsDefault() {
    // Given the defaults, the skip switched off by environment, and another forgetting
    AppConfig d = AppConfigLoader.fromLayers(Map.of(), Map.of());
    AppConfig off = AppConfigLoader.fromLayers(Map.of(), Map.of("TICKCAST_MODEL_FAST_SKIP", "false"));
    AppConfig shorter = AppConfigLoader.fromLayers(Map.of("model.fast.skip.forgetting", "0.99"),
        Map.of());

    // Then the default is the model's (on, λ 0.998), off is the network alone, λ is passed on
    assertThat(AppConfigLoader.DEFAULTS).containsEntry("model.fast.skip", "true")
        .containsEntry("model.fast.skip.forgetting", "0.998");
    assertThat(d.model().fastSkip()).isEqualTo(io.tickcast.model.ForecasterConfig.defaults().fastSkip());
    assertThat(d.model().fastSkip().on()).isTrue();
    assertThat(off.model().fastSkip().on()).isFalse();
    assertThat(off.model().fastSkip().stateLength()).isZero();
    assertThat(shorter.model().fastSkip().forgetting()).isEqualTo(0.99);
    assertThat(shorter.model().fastSkip().on()).isTrue();
  }

  @Test
  void shouldSetOrSwitchOffTheNetworksGain() {
    // Given the defaults, the gain switched off by environment, and another memory
    AppConfig d = AppConfigLoader.fromLayers(Map.of(), Map.of());
    AppConfig off = AppConfigLoader.fromLayers(Map.of(),
        Map.of("TICKCAST_MODEL_FAST_SKIP_GAIN_FORGETTING", "0"));
    AppConfig longer = AppConfigLoader.fromLayers(
        Map.of("model.fast.skip.gain.forgetting", "0.995"), Map.of());

    // Then the default is the model's (μ 0.99, the state with g), 0 is the skip without it
    assertThat(AppConfigLoader.DEFAULTS).containsEntry("model.fast.skip.gain.forgetting", "0.99");
    assertThat(d.model().fastSkip().gained()).isTrue();
    assertThat(d.model().fastSkip().stateLength()).isEqualTo(4);
    assertThat(off.model().fastSkip().gained()).isFalse();
    assertThat(off.model().fastSkip().stateLength()).isEqualTo(2);
    assertThat(longer.model().fastSkip().gainForgetting()).isEqualTo(0.995);
  }

  @Test
  void shouldSetOrSwitchOffTheGainsRecencyWeights() {
    // Given the defaults, the weights switched off by environment, and another half-life
    AppConfig d = AppConfigLoader.fromLayers(Map.of(), Map.of());
    AppConfig whole = AppConfigLoader.fromLayers(Map.of(),
        Map.of("TICKCAST_MODEL_FAST_SKIP_GAIN_HALF_LIFE", "0"));
    AppConfig longer = AppConfigLoader.fromLayers(
        Map.of("model.fast.skip.gain.half.life", "32"), Map.of());

    // Then the default is the model's (16 sequences), 0 fits g on the whole batch unweighted
    assertThat(AppConfigLoader.DEFAULTS).containsEntry("model.fast.skip.gain.half.life", "16.0");
    assertThat(d.model().fastSkip().gainHalfLife()).isEqualTo(FastSkip.GAIN_HALF_LIFE);
    assertThat(whole.model().fastSkip().gainHalfLife()).isZero();
    assertThat(whole.model().fastSkip().gained()).isTrue();
    assertThat(longer.model().fastSkip().gainHalfLife()).isEqualTo(32.0);
  }

  @Test
  void shouldSwitchTheHeadRefitOffOrKeepTheModelsDefault() {
    // Given the defaults and the switch set off
    AppConfig d = AppConfigLoader.fromLayers(Map.of(), Map.of());
    AppConfig off = AppConfigLoader.fromLayers(Map.of("model.head.refit", "off"), Map.of());
    AppConfig envOff = AppConfigLoader.fromLayers(Map.of("model.head.refit", "instead"),
        Map.of("TICKCAST_MODEL_HEAD_REFIT", "off"));

    // Then the default is the model's refit instead of the catch-up steps, and off is no refit
    assertThat(AppConfigLoader.DEFAULTS).containsEntry("model.head.refit", "instead");
    assertThat(d.model().headRefit())
        .isEqualTo(io.tickcast.model.ForecasterConfig.defaults().headRefit());
    assertThat(d.model().headRefit().mode())
        .isEqualTo(io.tickcast.model.training.HeadRefit.Mode.INSTEAD);
    assertThat(off.model().headRefit().mode())
        .isEqualTo(io.tickcast.model.training.HeadRefit.Mode.OFF);
    assertThat(envOff.model().headRefit()).isEqualTo(off.model().headRefit());
  }

  @Test
  void shouldReadTheTruncatedBpttLength() {
    // Given the defaults and an override
    AppConfig d = AppConfigLoader.fromLayers(Map.of(), Map.of());
    AppConfig c = AppConfigLoader.fromLayers(Map.of("model.bptt.length", "8"), Map.of());

    // Then the default is the model's and the override reaches the model config
    assertThat(d.model().bpttLength())
        .isEqualTo(io.tickcast.model.ForecasterConfig.defaults().bpttLength());
    assertThat(c.model().bpttLength()).isEqualTo(8);
    assertThat(c.model().bpttSteps(32)).isEqualTo(8);
  }

  @Test
  void shouldWarnOnceForEachDeprecatedKeyNamingWhereItWasSet() {
    assertThat(AppConfigLoader.deprecationWarnings(Map.of("bar.size", "5m"), Map.of(), Map.of())).isEmpty();
    var warnings = AppConfigLoader.deprecationWarnings(Map.of("model.gate.min.skill", "0.01"),
        Map.of("TICKCAST_MODEL_GATE_MIN_SCORED", "30"), Map.of("model.gate.min.skill", "0.02"));
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).startsWith("config key model.gate.min.scored (set in TICKCAST_MODEL_GATE_MIN_SCORED)")
        .contains("deprecated and ignored");
    assertThat(warnings.get(1)).startsWith("config key model.gate.min.skill (set in the command line)");
    // still accepted: an old config file keeps loading
    assertThat(AppConfigLoader.fromLayers(Map.of("model.gate.min.skill", "0.01"), Map.of())).isNotNull();
  }

  @Test
  void shouldWarnAboutATickcastVariableThatSetsNoKeyNamingTheClosestOne() {
    // Given the environment of a user who typed one variable wrong, beside known and foreign ones
    Map<String, String> env = Map.of("TICKCAST_BOOTSTRAP_SERVER", "kafka:9092", "TICKCAST_BAR_SIZE", "5m",
        "TICKCAST_CONFIG", "x.properties", "TICKCAST_SERVICE_HOST", "10.0.0.1", "HOME", "/root");
    // When it is checked
    var warnings = EnvironmentCheck.unknownVariables(env, AppConfigLoader.DEFAULTS.keySet());
    // Then the typo is named with its fix, a platform's variable is named without a guess
    assertThat(warnings).containsExactly(
        "environment variable TICKCAST_BOOTSTRAP_SERVER sets no config key and is ignored; "
            + "did you mean TICKCAST_BOOTSTRAP_SERVERS?",
        "environment variable TICKCAST_SERVICE_HOST sets no config key and is ignored");
  }

  @Test
  void shouldFindTheFileThroughTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("x.properties");
    Files.writeString(file, "application.id=from-env-file\n");
    AppConfig c = AppConfigLoader.load(Optional.empty(), Map.of("TICKCAST_CONFIG", file.toString()));
    assertThat(c.applicationId()).isEqualTo("from-env-file");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bar.size|soon",
      "bar.size|0s",
      "status.interval|0s",
      "bar.grace|-PT1S",
      "model.batch.size|0",
      "model.hidden.size|many",
      "model.hidden.size|129",
      "model.hidden.size|2000000000",
      "model.seq.length|4097",
      "model.seq.length|100000000",
      "model.learning.rate|-0.1",
      "model.learning.rate|NaN",
      "model.ewma.alpha|1.5",
      "metrics.port|70000",
      "processing.guarantee|exactly_once",
      "topic.ticks|bad topic!",
      "topic.create|maybe",
      "num.stream.threads|0",
      "bar.sise|1m",
      "bar.idle.timeout|soon",
      "tick.dedup|maybe",
      "model.replay.every|0",
      "model.replay.window|-1",
      "model.replay.half.life|0",
      "model.bptt.length|-1",
      "model.bptt.length|eight",
      "model.head.refit|after",
      "model.head.refit|OFF",
      "model.fast.skip|maybe",
      "model.fast.skip.forgetting|0",
      "model.fast.skip.forgetting|1.5",
      "model.fast.skip.gain.forgetting|-0.1",
      "model.fast.skip.gain.forgetting|1.01",
      "model.fast.skip.gain.half.life|-1",
      "model.fast.skip.gain.half.life|long"})
  void shouldFailFastNamingTheKey(String key, String value) {
    assertThatThrownBy(() -> AppConfigLoader.fromLayers(Map.of(key, value), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + key + "'")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
  }

  @Test
  void shouldAcceptModelSizesUpToTheirDocumentedBounds() {
    var m = AppConfigLoader.fromLayers(Map.of("model.hidden.size", "128", "model.seq.length",
        "4096"), Map.of()).model();
    assertThat(m.hiddenSize()).isEqualTo(128);
    assertThat(m.seqLength()).isEqualTo(4096);
  }

  @Test
  void shouldAcceptALargerHiddenSizeWhenTheProducersRequestSizeIsRaised() {
    // Given kafka.max.request.size raised to 4 MiB (and, as the error says, the topics' max.message.bytes)
    Map<String, String> props = Map.of("model.hidden.size", "200", "kafka.max.request.size", "4194304",
        "kafka.topic.max.message.bytes", "4194304");
    // Then H = 200 (a 1.95 MB record) is accepted; at the default request size it is not
    assertThat(AppConfigLoader.fromLayers(props, Map.of()).model().hiddenSize()).isEqualTo(200);
    assertThatThrownBy(() -> AppConfigLoader.fromLayers(Map.of("model.hidden.size", "200"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be <= 128");
    // Nor with only the request size raised: the changelog topic (Kafka's default limit) would refuse it
    assertThatThrownBy(() -> AppConfigLoader.fromLayers(Map.of("model.hidden.size", "200",
        "kafka.max.request.size", "4194304"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be <= 128")
        .hasMessageContaining("kafka.topic.max.message.bytes");
  }

  @Test
  void shouldDefaultToIdDedupAndKeepTheFormerBooleanValuesWorking() {
    assertThat(AppConfigLoader.fromLayers(Map.of(), Map.of()).dedupTicks())
        .isEqualTo(io.tickcast.app.serde.DedupMode.ID);
    assertThat(AppConfigLoader.fromLayers(Map.of("tick.dedup", "true"), Map.of()).dedupTicks())
        .isEqualTo(io.tickcast.app.serde.DedupMode.CONTENT);
    assertThat(AppConfigLoader.fromLayers(Map.of("tick.dedup", "false"), Map.of()).dedupTicks())
        .isEqualTo(io.tickcast.app.serde.DedupMode.OFF);
    assertThat(AppConfigLoader.fromLayers(Map.of("bar.idle.timeout", "5s"), Map.of()).barIdleTimeout())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldNameTheEnvironmentKeyToo() {
    assertThatThrownBy(() -> AppConfigLoader.fromLayers(Map.of(), Map.of("TICKCAST_BAR_GRACE", "later")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'bar.grace'");
  }

  @Test
  void shouldRejectDuplicateTopicNames() {
    assertThatThrownBy(() -> AppConfigLoader.fromLayers(Map.of("topic.bars", "ticks"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("distinct");
  }

  @Test
  void shouldParseDurations() {
    assertThat(AppConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(AppConfigLoader.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(AppConfigLoader.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
    assertThat(AppConfigLoader.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void shouldBuildStreamsPropertiesOnlyFromTheConfig() {
    AppConfig c = AppConfigLoader.fromLayers(Map.of("kafka.commit.interval.ms", "250",
        "num.standby.replicas", "1"), Map.of());
    var policy = new io.tickcast.app.errors.FailurePolicy(new io.tickcast.app.metrics.TickcastMetrics(1),
        Map.of(), "ticks.dlq");
    var p = StreamsProperties.of(c, "b:9092", policy);
    assertThat(p).containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
        .containsEntry("commit.interval.ms", "250");
    // StreamsConfig accepts it as a whole (no unknown or mistyped values)
    assertThat(new StreamsConfig(p).getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("tickcast");
  }

  @Test
  void shouldDocumentEveryKeyInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (String key : AppConfigLoader.DEFAULTS.keySet()) {
      assertThat(readme).as("README documents %s", key).contains("`" + key + "`");
    }
  }

  @Test
  void shouldTakeTheFutureSkewDefaultFromTheTickLimitsWithoutLosingAnyOfIt() {
    // One source of truth: the config default is TickParser.Limits' default, written in minutes
    long code = io.tickcast.app.serde.TickParser.Limits.defaults().maxFutureSkewMs();
    assertThat(AppConfigLoader.parseDuration(AppConfigLoader.DEFAULTS.get("tick.max.future.skew")).toMillis())
        .isEqualTo(code);
    assertThat(AppConfigLoader.fromLayers(Map.of(), Map.of()).tickLimits().maxFutureSkewMs())
        .isEqualTo(code).isEqualTo(5 * 60_000L);
  }

  @Test
  void shouldStateTheCodesDefaultsInTheReadmeTable() throws Exception {
    // Rows of the form | `key` | `default` | ...: the documented default must be the code's (one
    // source of truth; a default once changed in code while README kept the old value).
    java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| `([a-z.]+)` \\| `([^`|]*)` \\|");
    int compared = 0;
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      java.util.regex.Matcher m = row.matcher(line);
      if (m.find() && AppConfigLoader.DEFAULTS.containsKey(m.group(1))) {
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toString();
        assertThat(m.group(2).replace("$TMPDIR", tmp)).as("README default of %s", m.group(1))
            .isEqualTo(AppConfigLoader.DEFAULTS.get(m.group(1)));
        compared++;
      }
    }
    assertThat(compared).as("README rows compared").isGreaterThan(30);
  }

  @Test
  void shouldSendUsersToReadmeSectionsThatExist() throws Exception {
    // Given the messages that name a README section: each deprecated key's WARN line and the
    // unknown-key error
    java.util.List<String> messages = new java.util.ArrayList<>();
    AppConfigLoader.DEPRECATED.keySet().forEach(k -> messages.addAll(
        AppConfigLoader.deprecationWarnings(Map.of(k, "0"), Map.of(), Map.of())));
    messages.add(org.assertj.core.api.Assertions.catchThrowable(
        () -> AppConfigLoader.fromLayers(Map.of("bar.sise", "1m"), Map.of())).getMessage());
    java.util.List<String> headings = Files.readAllLines(Path.of("..", "README.md")).stream()
        .filter(l -> l.startsWith("#")).map(l -> l.replaceFirst("^#+\\s*", "")).toList();
    // Then every section they name is a heading of the README (one named 'Forecast record',
    // which the README does not have)
    java.util.regex.Pattern ref = java.util.regex.Pattern.compile("README '([^']+)'");
    assertThat(messages).allSatisfy(m -> {
      java.util.regex.Matcher r = ref.matcher(m);
      assertThat(r.find()).as(m).isTrue();
      do {
        assertThat(headings).as(m).contains(r.group(1));
      } while (r.find());
    });
  }
}
