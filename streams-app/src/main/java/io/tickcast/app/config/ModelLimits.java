package io.tickcast.app.config;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.TrainerSnapshot;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Upper bounds of the model's sizes, checked when the configuration is read (exit 2 naming the
 * key), because beyond them tickcast fails later and worse: {@code model.hidden.size=2000000000}
 * overflowed an array size (a NullPointerException, exit 1), {@code model.seq.length=100000000}
 * hung the start, and a model record larger than the producer's {@code max.request.size} fails
 * every write of the {@code symbol-models} changelog.
 */
final class ModelLimits {

  /** T: a train step's cost grows linearly with T; 4096 is 128 times the default. */
  static final int MAX_SEQ_LENGTH = 4096;
  /**
   * H whatever the request size: a record of about 200 MB, and the codec refuses float arrays
   * over 64 Mi entries (Adam's two moments reach that near H = 2900).
   */
  static final int MAX_HIDDEN_SIZE = 2048;
  /**
   * The share of {@code max.request.size} a model record may fill. The rest is headroom for
   * Kafka's batch and record framing, the key and headers, and fields a later record version adds.
   * At Kafka's default 1 MiB it gives H ≤ 128 (833 KB), the bound of the releases before.
   */
  static final double RECORD_SHARE = 0.8;

  private static final String REQUEST_SIZE = ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
  private static final String PRODUCER_REQUEST_SIZE = StreamsConfig.producerPrefix(REQUEST_SIZE);
  /** Bytes of a model record besides its floats, measured once by encoding a tiny model. */
  private static final long RECORD_OVERHEAD = recordBytesMeasured(1) - floatBytes(1);

  private ModelLimits() {}

  /**
   * {@code h} if a model of that hidden size fits the changelog's records as configured, else a
   * {@link ConfigException} naming {@code model.hidden.size}, the bound and the keys that move it.
   *
   * @param kafka the {@code kafka.*} overrides, prefix removed
   */
  static int checkHiddenSize(int h, Map<String, String> kafka) {
    int request = maxRequestSize(kafka);
    int max = maxHiddenSize(request);
    if (h > max) {
      throw new ConfigException("model.hidden.size", "must be <= " + max + ", was " + h + ": the model record ("
          + (h > MAX_HIDDEN_SIZE ? "too large" : recordBytes(h) + " B at " + h) + ") goes to the symbol-models "
          + "changelog and may fill " + Math.round(RECORD_SHARE * 100) + " % of the producer's max.request.size ("
          + request + " B); to go higher raise kafka." + PRODUCER_REQUEST_SIZE + " and the changelog topics' "
          + "max.message.bytes (kafka." + StreamsConfig.topicPrefix("max.message.bytes")
          + ", within the broker's message.max.bytes)");
    }
    return h;
  }

  /** The largest H whose model record fits {@link #RECORD_SHARE} of {@code maxRequestSize}, at least 1. */
  static int maxHiddenSize(int maxRequestSize) {
    long budget = (long) (RECORD_SHARE * maxRequestSize);
    int h = 1;
    while (h < MAX_HIDDEN_SIZE && recordBytes(h + 1) <= budget) {
      h++;
    }
    return h;
  }

  /**
   * Bytes of a trained model's record at hidden size {@code h}: the parameters and Adam's two
   * moments (three floats per parameter) plus the codec's fixed fields.
   */
  static long recordBytes(int h) {
    return RECORD_OVERHEAD + floatBytes(h);
  }

  /**
   * The producer's {@code max.request.size} Kafka Streams will use: {@code producer.}-prefixed
   * beats plain, as in Kafka Streams; Kafka's default without either.
   */
  static int maxRequestSize(Map<String, String> kafka) {
    String key = kafka.containsKey(PRODUCER_REQUEST_SIZE) ? PRODUCER_REQUEST_SIZE
        : kafka.containsKey(REQUEST_SIZE) ? REQUEST_SIZE : null;
    if (key == null) {
      return (Integer) ProducerConfig.configDef().defaultValues().get(REQUEST_SIZE);
    }
    try {
      int v = Integer.parseInt(kafka.get(key).trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the key, as every other bad value
    }
    throw new ConfigException("kafka." + key, "must be a positive integer (bytes), was '" + kafka.get(key) + "'");
  }

  private static long floatBytes(int h) {
    return 3L * Float.BYTES * LstmKernel.numParams(ForecasterConfig.INPUTS, h);
  }

  private static long recordBytesMeasured(int h) {
    int n = LstmKernel.numParams(ForecasterConfig.INPUTS, h);
    TrainerSnapshot trained = new TrainerSnapshot(new float[n], new float[2 * n], 1, 1, 1, 0, 0, 0, 0);
    return ModelCodec.encode(ForecasterConfig.defaults().withHiddenSize(h), trained, new DivergenceGuard()).length;
  }
}
