package io.tickcast.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {

  @Test
  void shouldNameTheKafkaKeyOfARejectedSetting() {
    // Given Kafka's rejection of a value
    var kafka = new org.apache.kafka.common.config.ConfigException("num.stream.threads", "abc",
        "Not a number of type INT");
    // When it becomes tickcast's config error
    ConfigException e = StreamsProperties.rejected(kafka);
    // Then it names the kafka.* key the user set and keeps Kafka's words and the cause
    assertThat(e.key()).isEqualTo("kafka.num.stream.threads");
    assertThat(e).hasMessage("invalid config 'kafka.num.stream.threads': Invalid value abc for "
        + "configuration num.stream.threads: Not a number of type INT").hasCause(kafka);
  }

  @Test
  void shouldFallBackToTheKafkaPrefixWhenKafkaNamesNoSetting() {
    ConfigException e = StreamsProperties.rejected(
        new org.apache.kafka.common.config.ConfigException("Missing required configuration"));
    assertThat(e.key()).isEqualTo("kafka.*");
  }
}
