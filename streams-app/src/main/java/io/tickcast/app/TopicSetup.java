package io.tickcast.app;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.ConfigException;
import io.tickcast.app.config.StreamsProperties;
import io.tickcast.app.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics at start: creates the missing ones (with {@code topic.create}) and checks that
 * {@code ticks} and {@code bars} have the same partition count. Task {@code 0_p} reads partition p
 * of both, so with different counts a symbol's own bars and the bars users write for it would be
 * forecast by two tasks; Kafka Streams does not refuse that, so tickcast does, before it starts,
 * naming the fix (a {@link ConfigException}: exit 2).
 */
final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /**
   * @param streams Kafka Streams' checked config ({@link StreamsProperties#check}): the start-up
   *     Admin gets what Kafka Streams gives its own admin client
   */
  static void prepare(AppConfig config, StreamsConfig streams, String bootstrapServers) {
    Topics topics = Topics.of(config.topics());
    String ticks = config.topics().ticks();
    String bars = config.topics().bars();
    // The operator's kafka.* settings (security.protocol, SASL, SSL) reach this Admin as they reach Streams.
    Admin admin;
    try {
      admin = Admin.create(StreamsProperties.admin(streams));
    } catch (RuntimeException e) {
      // Settings Kafka Streams does not parse itself (SASL, SSL, kafka.admin.*) are parsed here
      // first: a bad value is the user's to fix (exit 2).
      throw StreamsProperties.asUserError(e, config.kafkaOverrides());
    }
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      Map<String, Integer> partitions = new HashMap<>();
      List<String> present = existing.containsAll(List.of(ticks, bars)) ? List.of(ticks, bars)
          : existing.contains(ticks) ? List.of(ticks) : existing.contains(bars) ? List.of(bars) : List.of();
      for (TopicDescription d : admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        partitions.put(d.name(), d.partitions().size());
      }
      if (config.createTopics()) {
        for (String name : present) {
          String other = name.equals(ticks) ? bars : ticks;
          if (!existing.contains(other) && partitions.get(name) != config.topicPartitions()) {
            throw new ConfigException("topic.partitions", "'" + name + "' exists with " + partitions.get(name)
                + " partitions, so '" + other + "' must be created with as many (ticks and bars need the same "
                + "partition count); set topic.partitions=" + partitions.get(name));
          }
        }
        create(admin, config, topics, existing, bootstrapServers);
        partitions.putIfAbsent(ticks, config.topicPartitions());
        partitions.putIfAbsent(bars, config.topicPartitions());
      }
      Integer t = partitions.get(ticks);
      Integer b = partitions.get(bars);
      if (t != null && b != null && !t.equals(b)) {
        throw new ConfigException("topic.bars", "'" + ticks + "' has " + t + " partitions and '" + bars + "' "
            + b + ": they must be equal (one task reads partition p of both); recreate one of them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (ExecutionException | TimeoutException e) {
      if (config.createTopics()) {
        throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
      }
      // Without topic.create, start as before (Kafka Streams waits for the cluster); only the check is lost.
      // The start still waits for this give-up: up to the listTopics bound (30 s) on an unreachable cluster.
      LOG.warn("could not compare the partition counts of {} and {} on {}: {}", ticks, bars, bootstrapServers,
          e.toString());
    } finally {
      // Not close(): with the cluster unreachable it waits default.api.timeout.ms (60 s) more for
      // calls already given up on, and every answer needed has been read by now.
      admin.close(Duration.ZERO);
    }
  }

  /** Creates the topics missing from {@code existing}; existing topics are left as they are. */
  private static void create(Admin admin, AppConfig config, Topics topics, Set<String> existing,
      String bootstrapServers) throws InterruptedException, ExecutionException, TimeoutException {
    List<NewTopic> missing = new ArrayList<>();
    for (String name : topics.names()) {
      if (!existing.contains(name)) {
        missing.add(new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor()));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try {
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      LOG.info("created topics {} ({} partitions, replication {}) on {}",
          missing.stream().map(NewTopic::name).toList(), config.topicPartitions(),
          config.topicReplicationFactor(), bootstrapServers);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }
}
