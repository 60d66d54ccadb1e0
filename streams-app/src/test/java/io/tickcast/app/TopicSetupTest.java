package io.tickcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tickcast.app.cli.Cli;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.config.ConfigException;
import io.tickcast.app.config.StreamsProperties;
import io.tickcast.app.config.ConfigProviderFixture;
import io.tickcast.app.errors.FailurePolicy;
import io.tickcast.app.metrics.TickcastMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The start-up Admin reaches the cluster like Kafka Streams does (with the operator's kafka.* settings). */
class TopicSetupTest {

  @Test
  void shouldGiveTheStartUpAdminTheKafkaOverridesOfASecuredCluster() {
    // Given an operator's kafka.* settings for a SASL_SSL cluster, and one meant for Streams only
    AppConfig config = AppConfigLoader.fromLayers(Map.of("kafka.security.protocol", "SASL_SSL",
        "kafka.sasl.mechanism", "SCRAM-SHA-512", "kafka.ssl.truststore.location", "/etc/ts.jks",
        "kafka.admin.request.timeout.ms", "7000", "kafka.num.stream.threads", "3"), Map.of());
    // When the Admin's properties are built
    Map<String, Object> admin = StreamsProperties.admin(checked(config, "broker:9093"));
    // Then it gets the cluster's security settings (it failed against a secured cluster before)
    assertThat(admin).containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/ts.jks").containsEntry("request.timeout.ms", "7000")
        .doesNotContainKey("num.stream.threads");
  }

  @Test
  void shouldGiveTheStartUpAdminTheSecretsAConfigProviderResolves(@TempDir Path dir) throws IOException {
    // Given SASL settings whose JAAS config a file config provider holds (the usual way to keep
    // a secret out of the config file)
    AppConfig config = ConfigProviderFixture.withFileProvider(ConfigProviderFixture.secrets(dir),
        Map.of("kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "PLAIN",
            "kafka.sasl.jaas.config", "${file:SECRETS:jaas}"));
    // When the start-up Admin's properties are built
    Map<String, Object> props = StreamsProperties.admin(checked(config, "127.0.0.1:1"));
    // Then it gets the resolved secret, and the Admin can be built (it failed before: the provider's
    // class never reached it, so it read "${file:…}" as the JAAS config, a runtime failure, exit 1)
    assertThat(props).containsEntry("sasl.jaas.config", ConfigProviderFixture.JAAS);
    Admin.create(props).close(Duration.ZERO);
  }

  /** Kafka Streams' config of {@code config}, as {@code run} checks it before the topics. */
  private static StreamsConfig checked(AppConfig config, String bootstrapServers) {
    return StreamsProperties.check(StreamsProperties.of(config, bootstrapServers,
        new FailurePolicy(new TickcastMetrics(10), Map.of(), "dlq")), config.kafkaOverrides());
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka.default.api.timeout.ms", "kafka.admin.request.timeout.ms"})
  void shouldTurnAKafkaValueTheAdminRejectsIntoAConfigErrorNamingTheKey(String key) {
    // Given a kafka.* value of the wrong type for the start-up Admin (README: exit 2, naming it)
    // that Kafka Streams' own check does not parse: set for all clients or for the Admin alone
    AppConfig config = AppConfigLoader.fromLayers(Map.of(key, "abc"), Map.of());
    StreamsConfig streams = checked(config, "127.0.0.1:1");
    // When the topics are prepared (the Admin rejects its config before any connection)
    Throwable thrown = catchThrowable(() -> TopicSetup.prepare(config, streams, "127.0.0.1:1"));
    // Then it is tickcast's config error naming the key the user set (a user error, exit 2),
    // not Kafka's own exception (a runtime failure, exit 1)
    assertThat(thrown).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid config '" + key + "': Invalid value abc");
  }

  @Test
  void shouldExitWithAUserErrorNamingTheKeyWhenTheStartUpAdminRejectsAKafkaSetting() {
    // Given a kafka.* value only the Admin parses (Kafka Streams' own check does not define
    // default.api.timeout.ms; request.timeout.ms, used before, is refused by that check and never
    // reached the Admin), before any connection: no broker is needed
    StringWriter err = new StringWriter();
    // When the pipeline starts
    int exit = Cli.execute(new String[] {"run", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "0",
        "--set", "kafka.default.api.timeout.ms=abc"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    // Then it is the user's error, in one line naming the key (it was exit 1, "failed: ...")
    assertThat(exit).as(err.toString()).isEqualTo(Cli.USER_ERROR);
    assertThat(err.toString()).isEqualTo("tickcast run: invalid config 'kafka.default.api.timeout.ms': "
        + "Invalid value abc for configuration default.api.timeout.ms: Not a number of type INT"
        + System.lineSeparator());
  }

  @Test
  void shouldExitWithAUserErrorWhenTheAdminRejectsTheBootstrapServersInsideItsConstructor() {
    // Given a bootstrap address the Admin rejects while it is being built (wrapped in a KafkaException)
    StringWriter err = new StringWriter();
    int exit = Cli.execute(new String[] {"run", "--bootstrap-servers", "nohost", "--http-port", "0"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    // Then exit 2 naming the key (it was exit 1, "failed: Failed to create new KafkaAdminClient")
    assertThat(exit).as(err.toString()).isEqualTo(Cli.USER_ERROR);
    assertThat(err.toString()).isEqualTo("tickcast run: invalid config 'bootstrap.servers': "
        + "Invalid url in bootstrap.servers: nohost" + System.lineSeparator());
  }

  @Test
  void shouldExitWithARuntimeFailureWhenTheBootstrapHostDoesNotResolve() {
    // Given a bootstrap host no resolver knows (a broker whose DNS name is not up yet)
    StringWriter err = new StringWriter();
    int exit = Cli.execute(new String[] {"run", "--bootstrap-servers", "doesnotexist.invalid:9092", "--http-port", "0"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    // Then a runtime failure in one line (it was exit 2, "invalid config 'bootstrap.servers'")
    assertThat(exit).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).startsWith("tickcast run: failed: ").doesNotContain("invalid config")
        .hasLineCount(1);
  }
}
