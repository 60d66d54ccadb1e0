package io.tickcast.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.app.errors.FailurePolicy;
import io.tickcast.app.metrics.TickcastMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamsPropertiesTest {

  private static org.apache.kafka.common.config.ConfigException notAnInt(String setting, String value) {
    return new org.apache.kafka.common.config.ConfigException(setting, value, "Not a number of type INT");
  }

  @Test
  void shouldNameTheKafkaKeyOfARejectedSetting() {
    // Given Kafka's rejection of a value
    var kafka = notAnInt("num.stream.threads", "abc");
    // When it becomes tickcast's config error
    ConfigException e = StreamsProperties.rejected(kafka, Map.of("num.stream.threads", "abc"));
    // Then it names the kafka.* key the user set and keeps Kafka's words and the cause
    assertThat(e.key()).isEqualTo("kafka.num.stream.threads");
    assertThat(e).hasMessage("invalid config 'kafka.num.stream.threads': Invalid value abc for "
        + "configuration num.stream.threads: Not a number of type INT").hasCause(kafka);
  }

  @Test
  void shouldNameThePrefixedKeyTheUserSetNotTheSettingKafkaNames() {
    // Kafka validates client settings with the prefix stripped (it named 'kafka.linger.ms' before)
    assertThat(StreamsProperties.rejected(notAnInt("linger.ms", "abc"), Map.of("producer.linger.ms", "abc")).key())
        .isEqualTo("kafka.producer.linger.ms");
    // With several overrides of that setting, the one holding the rejected value
    assertThat(StreamsProperties.rejected(notAnInt("max.poll.records", "abc"),
        Map.of("consumer.max.poll.records", "50", "main.consumer.max.poll.records", "abc")).key())
        .isEqualTo("kafka.main.consumer.max.poll.records");
  }

  @Test
  void shouldBlameTheOverrideHoldingTheRejectedValueOverTheExactSettingWithAnotherValue() {
    // Given a valid plain override and a bad prefixed one of the same setting (the Admin rejects
    // the prefixed one; 'kafka.request.timeout.ms', whose value is 5000, was blamed before)
    assertThat(StreamsProperties.rejected(notAnInt("request.timeout.ms", "abc"),
        Map.of("request.timeout.ms", "5000", "admin.request.timeout.ms", "abc")).key())
        .isEqualTo("kafka.admin.request.timeout.ms");
    assertThat(StreamsProperties.rejected(notAnInt("linger.ms", "x"),
        Map.of("linger.ms", "7", "producer.linger.ms", "x")).key()).isEqualTo("kafka.producer.linger.ms");
    // And the exact setting when it holds the value, or when no override does
    assertThat(StreamsProperties.rejected(notAnInt("linger.ms", "x"),
        Map.of("linger.ms", "x", "producer.linger.ms", "x")).key()).isEqualTo("kafka.linger.ms");
    assertThat(StreamsProperties.rejected(notAnInt("linger.ms", "y"),
        Map.of("linger.ms", "7", "producer.linger.ms", "x")).key()).isEqualTo("kafka.linger.ms");
  }

  @Test
  void shouldNotBlameAKeyTheUserDidNotSet() {
    // A setting Kafka rejects that no kafka.* override holds
    assertThat(StreamsProperties.rejected(notAnInt("retries", "x"), Map.of("num.stream.threads", "2")).key())
        .isEqualTo("kafka.* (retries)");
  }

  @Test
  void shouldFallBackToTheKafkaPrefixWhenKafkaNamesNoSetting() {
    ConfigException e = StreamsProperties.rejected(
        new org.apache.kafka.common.config.ConfigException("Missing required configuration"), Map.of());
    assertThat(e.key()).isEqualTo("kafka.*");
  }

  @Test
  void shouldUnwrapKafkasRejectionFromAClientConstructorFailure() {
    // Given a producer constructor's wrapped rejection (exit 1, "failed: Failed to construct kafka producer" before)
    var cause = new org.apache.kafka.common.config.ConfigException("Invalid url in bootstrap.servers: nohost");
    RuntimeException wrapped = new org.apache.kafka.streams.errors.StreamsException(
        new org.apache.kafka.common.KafkaException("Failed to construct kafka producer", cause));
    // Then it is a config error naming the override whose setting the message names
    RuntimeException e = StreamsProperties.asUserError(wrapped, Map.of("producer.bootstrap.servers", "nohost",
        "num.stream.threads", "2"));
    assertThat(e).isInstanceOf(ConfigException.class).hasCause(cause)
        .hasMessage("invalid config 'kafka.producer.bootstrap.servers': Invalid url in bootstrap.servers: nohost");
    // Naming tickcast's own bootstrap.servers when no override holds it
    assertThat(((ConfigException) StreamsProperties.asUserError(wrapped, Map.of())).key()).isEqualTo("bootstrap.servers");
    // And anything else is left as it is
    IllegalStateException other = new IllegalStateException("x");
    assertThat(StreamsProperties.asUserError(other, Map.of())).isSameAs(other);
  }

  @Test
  void shouldLeaveABootstrapHostThatDoesNotResolveARuntimeFailure() {
    // Given the Admin's failure when no bootstrap host resolves (yet: a broker whose DNS name is
    // not up, a resolver hiccup), measured with doesnotexist.invalid:9092
    RuntimeException dns = new org.apache.kafka.common.KafkaException("Failed to create new KafkaAdminClient",
        new org.apache.kafka.common.config.ConfigException("No resolvable bootstrap urls given in bootstrap.servers"));
    // Then it stays what it is (a runtime failure, exit 1; it was "invalid config 'bootstrap.servers'", exit 2)
    assertThat(StreamsProperties.asUserError(dns, Map.of())).isSameAs(dns);
    assertThat(StreamsProperties.asUserError(dns, Map.of("admin.bootstrap.servers", "x:1"))).isSameAs(dns);
  }

  /** Valid overrides from the README and the tests: client-prefixed, topic, SASL/SSL and custom keys. */
  static Stream<Map<String, String>> validOverrides() {
    return Stream.of(
        Map.of("kafka.commit.interval.ms", "500"), Map.of("kafka.commit.interval.ms", "200"),
        Map.of("kafka.session.timeout.ms", "10000", "kafka.heartbeat.interval.ms", "2000"),
        Map.of("kafka.linger.ms", "7"), Map.of("kafka.producer.linger.ms", "5"),
        Map.of("kafka.topic.message.timestamp.type", "LogAppendTime"),
        Map.of("kafka.topic.max.message.bytes", "4194304"),
        Map.of("model.hidden.size", "200", "kafka.max.request.size", "4194304", "kafka.topic.max.message.bytes", "4194304"),
        Map.of("kafka.producer.max.request.size", "4194304", "kafka.topic.max.message.bytes", "4194304",
            "kafka.producer.buffer.memory", "67108864"),
        Map.of("kafka.main.consumer.max.poll.records", "50", "kafka.restore.consumer.max.poll.records", "10",
            "kafka.global.consumer.client.id", "g", "kafka.producer.acks", "all"),
        Map.of("kafka.admin.request.timeout.ms", "7000"),
        Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.ssl.truststore.location", "/etc/ts.jks", "kafka.admin.request.timeout.ms", "7000",
            "kafka.num.stream.threads", "3"),
        Map.of("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "kafka.ssl.truststore.password", "pw", "kafka.ssl.keystore.password", "pw", "kafka.ssl.key.password", "pw"),
        Map.of("kafka.processing.guarantee", "at_least_once", "kafka.metrics.recording.level", "DEBUG"),
        Map.of("kafka.client.id", "me", "kafka.some.custom.key", "v"),
        Map.of("kafka.config.providers", "env", "kafka.config.providers.env.class",
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider", "kafka.sasl.jaas.config", "${env:KAFKA_JAAS}"));
  }

  @ParameterizedTest
  @MethodSource("validOverrides")
  void shouldAcceptTheValidOverridesOfTheReadmeAndTheTests(Map<String, String> layer) {
    // Kafka Streams accepts them: a stricter check (every key a StreamsConfig name, or
    // logUnused as an error) would refuse prefixed, client-only and custom keys, and only ITs would notice
    AppConfig config = AppConfigLoader.fromLayers(layer, Map.of());
    assertThatCode(() -> checked(config)).as("%s", layer).doesNotThrowAnyException();
  }

  @Test
  void shouldHandTheGlobalHandlerSettingToTheAssignorsCopyOfTheConfig() {
    // Kafka Streams' partition assignor rebuilds a StreamsConfig from the main consumer's
    // settings; without the key there it logged "Processing exception handler is not enabled for
    // the GlobalThread" at every start although tickcast enables it
    StreamsConfig defaults = checked(AppConfigLoader.fromLayers(Map.of(), Map.of()));
    assertThat(defaults.getMainConsumerConfigs("g", "c", 0))
        .containsEntry(StreamsProperties.GLOBAL_HANDLER, true);
    // A user's override reaches both copies, so the WARN stays true when it is off
    StreamsConfig off = checked(AppConfigLoader.fromLayers(
        Map.of("kafka." + StreamsProperties.GLOBAL_HANDLER, "false"), Map.of()));
    assertThat(off.getBoolean(StreamsProperties.GLOBAL_HANDLER)).isFalse();
    assertThat(off.getMainConsumerConfigs("g", "c", 0))
        .containsEntry(StreamsProperties.GLOBAL_HANDLER, "false");
  }

  /** Kafka Streams' properties of {@code config}, checked the way {@code run} checks them. */
  static StreamsConfig checked(AppConfig config) {
    return StreamsProperties.check(StreamsProperties.of(config, "127.0.0.1:1",
        new FailurePolicy(new TickcastMetrics(10), Map.of(), "dlq")), config.kafkaOverrides());
  }

  @Test
  void shouldAcceptValuesAConfigProviderResolvesAsKafkaStreamsDoes(@TempDir Path dir) throws IOException {
    // Given typed Kafka Streams settings whose values a file config provider holds
    AppConfig config = ConfigProviderFixture.withFileProvider(ConfigProviderFixture.secrets(dir), Map.of("kafka.security.protocol", "${file:SECRETS:proto}",
        "kafka.num.stream.threads", "${file:SECRETS:threads}"));
    // When they are checked, Then they pass with the provider's values (refused as
    // "Invalid value ${file:…} for configuration security.protocol" before, exit 2)
    StreamsConfig streams = checked(config);
    assertThat(streams.getString("security.protocol")).isEqualTo("SASL_PLAINTEXT");
    assertThat(streams.getInt("num.stream.threads")).isEqualTo(3);
  }

  @Test
  void shouldStillRefuseABadValueInOneLineNamingItsKey() {
    AppConfig config = AppConfigLoader.fromLayers(Map.of("kafka.num.stream.threads", "abc"), Map.of());
    assertThatThrownBy(() -> checked(config)).isInstanceOf(ConfigException.class)
        .hasMessage("invalid config 'kafka.num.stream.threads': Invalid value abc for configuration "
            + "num.stream.threads: Not a number of type INT");
  }
}
