package io.tickcast.app.errors;

import io.tickcast.app.metrics.TickcastMetrics;
import java.util.Map;
import java.util.Objects;

/**
 * What the exception handlers need, handed to them through the Kafka Streams config map under
 * {@link #CONFIG_KEY} (Kafka instantiates handlers by class name, so they cannot take constructor
 * arguments).
 *
 * @param deadLetterTopics source topic to dead-letter topic; records from other topics (internal
 *     repartition/changelog topics) go to {@code fallbackDeadLetterTopic}
 */
public record FailurePolicy(TickcastMetrics metrics, Map<String, String> deadLetterTopics,
    String fallbackDeadLetterTopic) {

  /** Config key under which the composition root passes the policy instance. */
  public static final String CONFIG_KEY = "tickcast.failure.policy";

  public FailurePolicy {
    Objects.requireNonNull(metrics, "metrics");
    deadLetterTopics = Map.copyOf(deadLetterTopics);
    Objects.requireNonNull(fallbackDeadLetterTopic, "fallbackDeadLetterTopic");
  }

  /** The dead-letter topic for records read from {@code sourceTopic}. */
  public String deadLetterTopicFor(String sourceTopic) {
    return sourceTopic == null ? fallbackDeadLetterTopic
        : deadLetterTopics.getOrDefault(sourceTopic, fallbackDeadLetterTopic);
  }

  static FailurePolicy from(Map<String, ?> configs) {
    Object p = configs.get(CONFIG_KEY);
    if (!(p instanceof FailurePolicy policy)) {
      throw new IllegalStateException("Kafka Streams config lacks '" + CONFIG_KEY
          + "': exception handlers must be configured by the tickcast composition root");
    }
    return policy;
  }
}
