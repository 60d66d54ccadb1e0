package io.tickcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link TickcastService#start} checks before it reaches the cluster. */
class TickcastServiceTest {

  @Test
  void shouldRejectABadKafkaStreamsValueBeforeTheTopicCheck() {
    // Given a kafka.* value Kafka Streams rejects, and a cluster that never answers
    // (README, "Command line": a user error, exit 2, naming kafka.num.stream.threads)
    AppConfig config = AppConfigLoader.fromLayers(Map.of("kafka.num.stream.threads", "abc"), Map.of());
    // When the service starts
    Throwable thrown = catchThrowable(() -> TickcastService.start(config, "127.0.0.1:1"));
    // Then the value is refused first: before, the topic check waited 30 s for the cluster and the
    // start ended as a runtime failure, "cannot create topics" (exit 1), never naming the key
    assertThat(thrown).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid config 'kafka.num.stream.threads': Invalid value abc");
  }
}
