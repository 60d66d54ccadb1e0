package io.tickcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tickcast.app.cli.Cli;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.config.ConfigException;
import io.tickcast.app.config.StreamsProperties;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    Map<String, Object> admin = StreamsProperties.admin(config, "broker:9093");
    // Then it gets the cluster's security settings (it failed against a secured cluster before)
    assertThat(admin).containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/ts.jks").containsEntry("request.timeout.ms", "7000")
        .doesNotContainKey("num.stream.threads");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka.request.timeout.ms", "kafka.admin.request.timeout.ms"})
  void shouldTurnAKafkaValueTheAdminRejectsIntoAConfigErrorNamingTheKey(String key) {
    // Given a kafka.* value of the wrong type for the start-up Admin (README: exit 2, naming it),
    // set for all clients or for the Admin alone
    AppConfig config = AppConfigLoader.fromLayers(Map.of(key, "abc"), Map.of());
    // When the topics are prepared (the Admin rejects its config before any connection)
    Throwable thrown = catchThrowable(() -> TopicSetup.prepare(config, "127.0.0.1:1"));
    // Then it is tickcast's config error naming the key the user set (a user error, exit 2),
    // not Kafka's own exception (a runtime failure, exit 1)
    assertThat(thrown).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid config '" + key + "': Invalid value abc");
  }

  @Test
  void shouldExitWithAUserErrorNamingTheKeyWhenTheStartUpAdminRejectsAKafkaSetting() {
    // Given a kafka.* value the Admin parses (before any connection: no broker is needed)
    StringWriter err = new StringWriter();
    // When the pipeline starts
    int exit = Cli.execute(new String[] {"run", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "0",
        "--set", "kafka.request.timeout.ms=abc"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    // Then it is the user's error, in one line naming the key (it was exit 1, "failed: ...")
    assertThat(exit).as(err.toString()).isEqualTo(Cli.USER_ERROR);
    assertThat(err.toString()).isEqualTo("tickcast run: invalid config 'kafka.request.timeout.ms': "
        + "Invalid value abc for configuration request.timeout.ms: Not a number of type INT"
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
}
