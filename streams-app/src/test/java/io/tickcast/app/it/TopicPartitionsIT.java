package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.ConfigException;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.PipelineConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ticks} and {@code bars} must have the same partition count (task {@code 0_p} reads
 * partition p of both): the start refuses a mismatch, naming the fix, before Kafka Streams runs,
 * and does not create a mismatched topic itself.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TopicPartitionsIT extends BrokerTestBase {

  @Test
  void shouldRefuseToStartWhenTicksAndBarsHaveDifferentPartitionCounts() throws Exception {
    // Given a ticks topic of 2 partitions and a bars topic of 3
    String id = PipelineConfig.uniqueId("parts");
    AppConfig config = PipelineConfig.config(PipelineConfig.props(id, tmp.resolve(id), 3));
    create(config.topics().ticks(), 2);
    create(config.topics().bars(), 3);
    // When the pipeline starts, then it stops with a config error naming both topics
    assertThatThrownBy(() -> TickcastService.start(config, broker.bootstrapServers()).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(config.topics().ticks()).hasMessageContaining(config.topics().bars())
        .hasMessageContaining("2 partitions").hasMessageContaining("3");
  }

  @Test
  void shouldRefuseMismatchedTopicsAlsoWhenTopicsAreNotCreated() throws Exception {
    // Given topic.create=false, and a ticks topic of 2 partitions and a bars topic of 4 made by the operator
    String id = PipelineConfig.uniqueId("parts");
    Map<String, String> props = PipelineConfig.props(id, tmp.resolve(id), 3);
    props.put("topic.create", "false");
    AppConfig config = PipelineConfig.config(props);
    create(config.topics().ticks(), 2);
    create(config.topics().bars(), 4);
    // When the pipeline starts, then it stops with a config error (exit 2) naming both topics
    assertThatThrownBy(() -> TickcastService.start(config, broker.bootstrapServers()).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(config.topics().ticks()).hasMessageContaining(config.topics().bars())
        .hasMessageContaining("2 partitions").hasMessageContaining("4");
    // and creates none of the other topics
    try (Admin admin = admin()) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(config.topics().forecasts());
    }
  }

  @Test
  void shouldNotCreateBarsWithAnotherPartitionCountThanTheUsersTicks() throws Exception {
    // Given the user's ticks topic of 6 partitions, and topic.partitions left at 3
    String id = PipelineConfig.uniqueId("parts");
    AppConfig config = PipelineConfig.config(PipelineConfig.props(id, tmp.resolve(id), 3));
    create(config.topics().ticks(), 6);
    // When the pipeline starts, then it names topic.partitions=6 and creates no bars topic
    assertThatThrownBy(() -> TickcastService.start(config, broker.bootstrapServers()).close())
        .isInstanceOf(ConfigException.class).hasMessageContaining("topic.partitions=6");
    try (Admin admin = admin()) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(config.topics().bars());
    }
  }

  private static void create(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
