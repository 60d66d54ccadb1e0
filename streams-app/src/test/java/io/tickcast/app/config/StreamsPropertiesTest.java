package io.tickcast.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
