package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dead-lettering of a rejected tick record: the log line, the counter and the headers. */
final class TickRejects {

  private static final Logger LOG = LoggerFactory.getLogger(TickRejects.class);

  private TickRejects() {}

  /** Counts and logs the reject and returns the record's headers plus the dead-letter headers. */
  static Headers reject(Optional<RecordMetadata> source, Headers original, TickcastMetrics metrics,
      String dlqTopic, String reason, String detail) {
    RecordMetadata meta = source.orElse(null);
    String topic = meta == null ? null : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    LOG.debug("tick rejected ({}: {}) at {}-{}@{}", reason, detail, topic, partition, offset);
    metrics.deadLettered(dlqTopic, reason);
    return DeadLetters.headers(original, reason, detail, topic, partition, offset);
  }
}
