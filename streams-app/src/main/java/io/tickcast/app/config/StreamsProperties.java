package io.tickcast.app.config;

import io.tickcast.app.errors.CountingProductionHandler;
import io.tickcast.app.errors.DeadLetterDeserializationHandler;
import io.tickcast.app.errors.DeadLetterProcessingHandler;
import io.tickcast.app.errors.FailurePolicy;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The only place that turns an {@link AppConfig} into Kafka client properties: Kafka Streams'
 * {@link Properties}, and those of tickcast's own start-up {@link org.apache.kafka.clients.admin.Admin}.
 */
public final class StreamsProperties {

  /** The setting Kafka names in an invalid-value message. */
  private static final Pattern KAFKA_SETTING = Pattern.compile("for configuration ([^\\s:]+)");
  /** The value in Kafka's "Invalid value X for configuration K" message. */
  private static final Pattern KAFKA_VALUE = Pattern.compile("^Invalid value (.*) for configuration ");

  /** How Kafka's ClientUtils starts its message when no bootstrap host resolves. */
  private static final String NO_RESOLVABLE_BOOTSTRAP = "No resolvable bootstrap urls";

  /** Kafka Streams' key that sends global-store processing errors to the processing handler. */
  static final String GLOBAL_HANDLER = "processing.exception.handler.global.enabled";

  private StreamsProperties() {}

  /**
   * Kafka Streams properties for {@code config} against {@code bootstrapServers}. {@code
   * kafka.*} overrides from the config are applied last, so an operator can tune any Kafka setting.
   */
  public static Properties of(AppConfig config, String bootstrapServers, FailurePolicy policy) {
    return of(config, bootstrapServers, policy, null);
  }

  /**
   * As {@link #of(AppConfig, String, FailurePolicy)}, with {@code application.server} set to
   * {@code applicationServer} ({@code host:port} of this instance's HTTP endpoint, for the REST
   * queries) unless null or overridden by {@code kafka.application.server}.
   */
  public static Properties of(AppConfig config, String bootstrapServers, FailurePolicy policy,
      String applicationServer) {
    Properties p = new Properties();
    if (applicationServer != null) {
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    }
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.numStandbyReplicas());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplicationFactor());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProcessingHandler.class.getName());
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        CountingProductionHandler.class.getName());
    p.put(FailurePolicy.CONFIG_KEY, policy);
    p.put(GLOBAL_HANDLER, true);
    // A new application id starts from the beginning of the input: no tick is skipped.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    // The ticks and bars topics share a task; never wait for the (usually empty) bars partition.
    // With the default (0) Kafka Streams also formats a log line per empty partition and record.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    p.putAll(config.kafkaOverrides());
    // Kafka Streams' partition assignor rebuilds a StreamsConfig from the main consumer's
    // settings, which keep only client keys, and warns at start that the global handler is off;
    // handing it the same value (the user's, if overridden) keeps that WARN line true.
    p.putIfAbsent(StreamsConfig.mainConsumerPrefix(GLOBAL_HANDLER), p.get(GLOBAL_HANDLER));
    return p;
  }

  /**
   * Kafka Streams' own checks of {@code props} (the settings it defines, its clients' included),
   * as its {@link StreamsConfig}: the same one {@code new KafkaStreams} builds, config provider
   * variables ({@code ${env:…}}, {@code ${file:…}} with {@code config.providers}) resolved.
   *
   * @throws ConfigException naming the {@code kafka.*} key of a rejected value (see {@link #rejected})
   */
  public static StreamsConfig check(Properties props, Map<String, String> overrides) {
    try {
      // Not ConfigDef.parse: it reads the raw values, so it refused a ${env:…} Kafka Streams accepts.
      // The quiet constructor (protected, hence the subclass): KafkaStreams logs the values itself.
      return new StreamsConfig(props, false) {};
    } catch (org.apache.kafka.common.config.ConfigException e) {
      throw rejected(e, overrides);
    }
  }

  /**
   * Kafka's rejection of a setting, as tickcast's {@link ConfigException} (a user error: one line,
   * exit 2) naming the {@code kafka.*} key the user set. Kafka names the setting with its prefix
   * already stripped ("Invalid value X for configuration linger.ms" for {@code kafka.producer.linger.ms}),
   * so the key is looked up in {@code overrides} (the {@code kafka.*} ones, prefix removed): the
   * exact setting K or an override ending in {@code .K} whose value is X (the exact one first), else
   * the exact setting, else the only override ending in {@code .K}.
   * Without such an override, {@code kafka.* (K)}; when Kafka names no setting, {@code kafka.*}.
   */
  public static ConfigException rejected(org.apache.kafka.common.config.ConfigException e,
      Map<String, String> overrides) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Matcher m = KAFKA_SETTING.matcher(message);
    if (!m.find()) {
      return new ConfigException(mentionedKey(message, overrides), message, e);
    }
    String setting = m.group(1);
    Matcher v = KAFKA_VALUE.matcher(message);
    String value = v.find() ? v.group(1).trim() : null;
    List<String> prefixed = overrides.keySet().stream().filter(k -> k.endsWith("." + setting))
        .sorted().toList();
    // The value decides first: with kafka.request.timeout.ms=5000 and kafka.admin.request.timeout.ms=abc
    // the Admin rejects abc, and the plain key is not the one to fix.
    List<String> candidates = new java.util.ArrayList<>();
    if (overrides.containsKey(setting)) {
      candidates.add(setting);
    }
    candidates.addAll(prefixed);
    String key = candidates.stream().filter(k -> String.valueOf(overrides.get(k)).trim().equals(value)).findFirst()
        .orElse(overrides.containsKey(setting) ? setting : prefixed.size() == 1 ? prefixed.get(0) : null);
    return new ConfigException(key == null ? "kafka.* (" + setting + ")" : "kafka." + key, message, e);
  }

  /**
   * {@code e} as a user error when it is, or wraps, Kafka's rejection of a setting: client
   * constructors validate some settings inside their own try block and throw {@code
   * KafkaException("Failed to construct kafka producer", ConfigException)}. Anything else is {@code e},
   * a bootstrap host that does not resolve included: Kafka reports it as a ConfigException, but a
   * broker whose DNS name is not up yet is a runtime condition a retry may cure (exit 1, not 2).
   */
  public static RuntimeException asUserError(RuntimeException e, Map<String, String> overrides) {
    Throwable t = e;
    for (int depth = 0; t instanceof org.apache.kafka.common.KafkaException && depth < 5; depth++) {
      if (t instanceof org.apache.kafka.common.config.ConfigException c) {
        return String.valueOf(c.getMessage()).startsWith(NO_RESOLVABLE_BOOTSTRAP) ? e : rejected(c, overrides);
      }
      t = t.getCause();
    }
    return e;
  }

  /**
   * The key behind a free-text Kafka message ("Invalid url in bootstrap.servers: x"): the one
   * override whose setting (itself or a dotted suffix, as Kafka strips the prefix) the message
   * names, {@code bootstrap.servers} (tickcast's own key) for that setting, else {@code kafka.*}.
   */
  private static String mentionedKey(String message, Map<String, String> overrides) {
    List<String> named = overrides.keySet().stream().filter(k -> suffixes(k).stream().anyMatch(s ->
        Pattern.compile("(?<![\\w.])" + Pattern.quote(s) + "(?![\\w.])").matcher(message).find()))
        .sorted().toList();
    if (named.size() == 1) {
      return "kafka." + named.get(0);
    }
    return named.isEmpty() && message.contains(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
        ? StreamsConfig.BOOTSTRAP_SERVERS_CONFIG : "kafka.*";
  }

  /** {@code a.b.c.d} → {@code a.b.c.d}, {@code b.c.d}, {@code c.d}: the names Kafka may give it (one dot at least). */
  private static List<String> suffixes(String key) {
    List<String> out = new java.util.ArrayList<>();
    for (String s = key; s.indexOf('.') >= 0; s = s.substring(s.indexOf('.') + 1)) {
      out.add(s);
    }
    return out;
  }

  /**
   * Properties of tickcast's start-up Admin: exactly what Kafka Streams gives its own admin client
   * (provider variables resolved, {@code admin.*} overrides without their prefix, Streams-only
   * settings left out), under its own client id.
   */
  public static Map<String, Object> admin(StreamsConfig streams) {
    String clientId = streams.getString(StreamsConfig.CLIENT_ID_CONFIG);
    String base = clientId == null || clientId.isEmpty()
        ? streams.getString(StreamsConfig.APPLICATION_ID_CONFIG) : clientId;
    return streams.getAdminConfigs(base + "-topic-setup");
  }
}
