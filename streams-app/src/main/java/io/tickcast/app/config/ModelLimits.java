package io.tickcast.app.config;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.TrainerSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upper bounds of the model's sizes, checked when the configuration is read (exit 2 naming the
 * key), because beyond them tickcast fails later and worse: {@code model.hidden.size=2000000000}
 * overflowed an array size (a NullPointerException, exit 1), {@code model.seq.length=100000000}
 * hung the start, and a model record larger than the producer's {@code max.request.size}, its
 * {@code buffer.memory} or the changelog topic's {@code max.message.bytes} fails every write of the
 * {@code symbol-models} changelog (the stream thread is replaced and fails again on the same bar).
 */
final class ModelLimits {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLimits.class);

  /** T: a train step's cost grows linearly with T; 4096 is 128 times the default. */
  static final int MAX_SEQ_LENGTH = 4096;
  /**
   * H whatever the request size: a record of about 200 MB, and the codec refuses float arrays
   * over 64 Mi entries (Adam's two moments reach that near H = 2900).
   */
  static final int MAX_HIDDEN_SIZE = 2048;
  /**
   * The share of the smallest record limit a model record may fill. The rest is headroom for
   * Kafka's batch and record framing, the key and headers, and fields a later record version adds.
   * A calibrated policy, not a derived figure: at Kafka's default 1 MiB it gives H ≤ 128 (833 KB),
   * the bound of the releases before.
   */
  static final double RECORD_SHARE = 0.8;

  private static final String REQUEST_SIZE = ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
  private static final String PRODUCER_REQUEST_SIZE = StreamsConfig.producerPrefix(REQUEST_SIZE);
  private static final String BUFFER_MEMORY = ProducerConfig.BUFFER_MEMORY_CONFIG;
  private static final String PRODUCER_BUFFER_MEMORY = StreamsConfig.producerPrefix(BUFFER_MEMORY);
  /** How Kafka Streams is told the changelog topics' {@code max.message.bytes} (there is no plain form). */
  private static final String TOPIC_MESSAGE_BYTES = StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
  /**
   * A topic's {@code max.message.bytes} when neither it nor the broker's {@code message.max.bytes}
   * is set: Kafka's default, 1 MiB plus the log overhead. A broker default raised beyond it is not
   * visible here; such a user sets {@code kafka.topic.max.message.bytes} too, which is harmless.
   */
  static final long DEFAULT_TOPIC_MESSAGE_BYTES = 1024 * 1024 + 12; // 12: a batch's offset and size fields
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
    Limit limit = recordLimit(kafka);
    int max = maxHiddenSize(limit.bytes());
    if (h > max) {
      throw new ConfigException("model.hidden.size", "must be <= " + max + ", was " + h + ": the model record ("
          + (h > MAX_HIDDEN_SIZE ? "too large" : recordBytes(h) + " B at " + h) + ") goes to the symbol-models "
          + "changelog and may fill " + Math.round(RECORD_SHARE * 100) + " % of " + limit.what() + " ("
          + limit.bytes() + " B, " + limit.key() + "); to go higher raise kafka." + PRODUCER_REQUEST_SIZE
          + " and kafka." + TOPIC_MESSAGE_BYTES + " (it applies when Kafka Streams creates the changelog topic;"
          + " alter an existing one with kafka-configs)");
    }
    return h;
  }

  /** A size limit a model record must fit, with the key that sets it and what it is. */
  record Limit(long bytes, String key, String what) {}

  /**
   * The smallest of the limits a changelog record meets: the producer's {@code max.request.size}
   * and {@code buffer.memory}, and the changelog topic's {@code max.message.bytes} at the broker.
   */
  static Limit recordLimit(Map<String, String> overrides) {
    Map<String, String> kafka = resolved(overrides);
    Limit request = new Limit(maxRequestSize(kafka), "kafka." + (kafka.containsKey(REQUEST_SIZE)
        && !kafka.containsKey(PRODUCER_REQUEST_SIZE) ? REQUEST_SIZE : PRODUCER_REQUEST_SIZE),
        "the producer's max.request.size");
    Limit topic = new Limit(positive(kafka, TOPIC_MESSAGE_BYTES, DEFAULT_TOPIC_MESSAGE_BYTES),
        "kafka." + TOPIC_MESSAGE_BYTES, "the changelog topic's max.message.bytes");
    String bufferKey = kafka.containsKey(PRODUCER_BUFFER_MEMORY) || !kafka.containsKey(BUFFER_MEMORY)
        ? PRODUCER_BUFFER_MEMORY : BUFFER_MEMORY;
    Limit buffer = new Limit(positive(kafka, bufferKey,
        (Long) ProducerConfig.configDef().defaultValues().get(BUFFER_MEMORY)),
        "kafka." + bufferKey, "the producer's buffer.memory");
    Limit min = request;
    for (Limit l : new Limit[] {topic, buffer}) {
      if (l.bytes() < min.bytes()) {
        min = l;
      }
    }
    return min;
  }

  /** The largest H whose model record fits {@link #RECORD_SHARE} of {@code limitBytes}, at least 1. */
  static int maxHiddenSize(long limitBytes) {
    long budget = (long) (RECORD_SHARE * limitBytes);
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
    String key = kafka.containsKey(PRODUCER_REQUEST_SIZE) ? PRODUCER_REQUEST_SIZE : REQUEST_SIZE;
    return (int) Math.min(Integer.MAX_VALUE, positive(kafka, key,
        (Integer) ProducerConfig.configDef().defaultValues().get(REQUEST_SIZE)));
  }

  /**
   * {@code kafka} with its config provider variables ({@code ${file:…}}, {@code ${env:…}} with
   * {@code config.providers}) resolved as Kafka Streams will resolve them; {@code kafka} when no
   * size limit is one, or when they cannot be resolved here (Kafka Streams then refuses them, naming the key).
   */
  static Map<String, String> resolved(Map<String, String> kafka) {
    if (Stream.of(REQUEST_SIZE, PRODUCER_REQUEST_SIZE, BUFFER_MEMORY, PRODUCER_BUFFER_MEMORY, TOPIC_MESSAGE_BYTES)
        .map(kafka::get).noneMatch(ModelLimits::isVariable)) {
      return kafka;
    }
    try {
      // An AbstractConfig resolves every original against the providers its originals configure.
      Map<String, String> out = new HashMap<>();
      new AbstractConfig(new ConfigDef(), kafka, false).originals().forEach((k, v) -> out.put(k, String.valueOf(v)));
      return out;
    } catch (RuntimeException e) {
      LOG.warn("cannot resolve the config provider variables of the kafka.* settings to bound model.hidden.size: {}",
          e.toString());
      return kafka;
    }
  }

  private static boolean isVariable(String value) {
    return value != null && value.contains("${");
  }

  /**
   * {@code kafka.get(key)} as a positive number of bytes, {@code fallback} when unset or a
   * provider variable that could not be resolved (not refused here: Kafka Streams resolves or refuses it).
   */
  private static long positive(Map<String, String> kafka, String key, long fallback) {
    String value = kafka.get(key);
    if (value == null) {
      return fallback;
    }
    if (isVariable(value)) {
      LOG.warn("kafka.{}={} is not resolved here; model.hidden.size is bounded with Kafka's default {} B for it",
          key, value, fallback);
      return fallback;
    }
    try {
      long v = Long.parseLong(value.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the key, as every other bad value
    }
    throw new ConfigException("kafka." + key, "must be a positive integer (bytes), was '" + value + "'");
  }

  private static long floatBytes(int h) {
    return 3L * Float.BYTES * LstmKernel.numParams(ForecasterConfig.INPUTS, h);
  }

  private static long recordBytesMeasured(int h) {
    int n = LstmKernel.numParams(ForecasterConfig.INPUTS, h);
    // With the fast skip's state and its network gain (the default): the largest record, 37 B over
    // one without the skip.
    TrainerSnapshot trained = new TrainerSnapshot(new float[n], new float[2 * n], 1, 1, 1, 0, 0, 0,
        0, 0, new double[FastSkip.defaults().stateLength()]);
    return ModelCodec.encode(ForecasterConfig.defaults().withHiddenSize(h), trained, new DivergenceGuard()).length;
  }
}
