package io.tickcast.app.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Header names and construction of dead-letter records. A dead-lettered record keeps its
 * original key and value bytes untouched and its original headers; tickcast adds the headers
 * below.
 */
public final class DeadLetters {

  /** Machine-readable reason code, e.g. {@code malformed_json}. */
  public static final String REASON = "tickcast.dlq.reason";
  /** Human-readable detail. */
  public static final String DETAIL = "tickcast.dlq.detail";
  /** Topic, partition and offset the record was read from. */
  public static final String SOURCE_TOPIC = "tickcast.dlq.source.topic";

  public static final String SOURCE_PARTITION = "tickcast.dlq.source.partition";
  public static final String SOURCE_OFFSET = "tickcast.dlq.source.offset";

  private static final int MAX_DETAIL = 512;

  private DeadLetters() {}

  /** Copies {@code original} and adds the dead-letter headers. */
  public static Headers headers(Headers original, String reason, String detail, String topic,
      int partition, long offset) {
    RecordHeaders h = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    h.add(REASON, utf8(reason));
    String d = detail == null ? "" : detail;
    h.add(DETAIL, utf8(d.length() > MAX_DETAIL ? d.substring(0, MAX_DETAIL) : d));
    h.add(SOURCE_TOPIC, utf8(topic == null ? "" : topic));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    h.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    return h;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
