package io.tickcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.config.ConfigException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What {@link TickcastService#start} checks before it reaches the cluster. */
class TickcastServiceTest {

  private static Properties server(String endpoint) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
    return p;
  }

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

  @Test
  void shouldNameHttpAdvertisedHostWhenKafkaCannotParseTheAdvertisedEndpoint() {
    // Given http.advertised.host=bad host (it was blamed on 'kafka.*' before)
    assertThatThrownBy(() -> TickcastService.advertised(server("bad host:8080"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("http.advertised.host"))
        .hasMessageContaining("bad host:8080");
  }

  @Test
  void shouldNameKafkaApplicationServerWhenThatOverrideSetIt() {
    assertThatThrownBy(() -> TickcastService.advertised(server("nope"), Map.of("application.server", "nope")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("kafka.application.server"));
  }

  @Test
  void shouldParseAGoodEndpoint() {
    assertThat(TickcastService.advertised(server("host.example:8080"), Map.of()).port()).isEqualTo(8080);
  }
}
