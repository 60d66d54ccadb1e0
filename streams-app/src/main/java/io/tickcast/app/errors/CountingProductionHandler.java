package io.tickcast.app.errors;

import io.tickcast.app.serde.RejectReason;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send failures of output records are counted and fail the task (the uncaught-exception policy
 * then replaces the thread and the records are reprocessed from the last commit), because
 * silently dropping a forecast would break the exactly-once promise. A record our own serializer
 * cannot serialise is a bug, not data: it is counted and dead-lettered as a processing error.
 */
public final class CountingProductionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CountingProductionHandler.class);

  private FailurePolicy policy;

  @Override
  public void configure(Map<String, ?> configs) {
    policy = FailurePolicy.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    LOG.error("cannot produce to {} (source {}-{}@{}); failing the task so it is retried",
        record.topic(), context.topic(), context.partition(), context.offset(), exception);
    policy.metrics().productionError(record.topic());
    return Response.fail();
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
      Exception exception, SerializationExceptionOrigin origin) {
    String dlq = policy.deadLetterTopicFor(context.topic());
    LOG.error("cannot serialise {} for {} (source {}-{}@{}); skipped and counted", origin,
        record.topic(), context.topic(), context.partition(), context.offset(), exception);
    policy.metrics().deadLettered(dlq, RejectReason.PROCESSING_ERROR.code());
    return Response.resume();
  }
}
