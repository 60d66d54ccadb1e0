package io.tickcast.app.errors;

import io.tickcast.app.serde.RejectReason;
import io.tickcast.app.topology.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception thrown while processing one record (e.g. a model error on a pathological bar)
 * dead-letters the record's original source bytes with reason {@code processing_error}, counts it
 * and continues with the next record instead of killing the stream thread.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  private FailurePolicy policy;

  @Override
  public void configure(Map<String, ?> configs) {
    policy = FailurePolicy.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String dlq = policy.deadLetterTopicFor(context.topic());
    String reason = RejectReason.PROCESSING_ERROR.code();
    LOG.error("processing failed at node {} for record {}-{}@{}; dead-lettered to {}",
        context.processorNodeId(), context.topic(), context.partition(), context.offset(), dlq,
        exception);
    policy.metrics().deadLettered(dlq, reason);
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlq, null, context.timestamp(),
        context.sourceRawKey(), context.sourceRawValue(), DeadLetters.headers(context.headers(),
            reason, exception.toString(), context.topic(), context.partition(), context.offset()));
    return Response.resume(List.of(out));
  }
}
