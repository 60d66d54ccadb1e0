package io.tickcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.app.config.ConfigException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TickcastServiceTest {

  private static Properties server(String endpoint) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
    return p;
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
