package io.tickcast.app.config;

import io.tickcast.app.serde.DedupMode;
import io.tickcast.app.serde.TickParser;
import io.tickcast.app.topology.TopologyDeps;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.training.HeadRefit;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an {@link AppConfig} from three layers, later ones winning: built-in {@link #DEFAULTS},
 * a properties file, and environment variables named {@code TICKCAST_} + the key upper-cased with
 * dots as underscores (e.g. {@code TICKCAST_BAR_SIZE} for {@code bar.size}).
 *
 * <p>Fails fast with a {@link ConfigException} naming the key: unknown keys in the file (typos),
 * unparsable values, and values out of range are all rejected before anything starts. Keys with
 * the prefix {@code kafka.} are passed to Kafka Streams verbatim (without the prefix).
 */
public final class AppConfigLoader {

  /** Environment variable that names the properties file, if {@code --config} is not given. */
  public static final String CONFIG_FILE_ENV = "TICKCAST_CONFIG";

  private static final String KAFKA_PREFIX = "kafka.";

  /** Every known key with its default ({@code ""} = unset). Order is the README's. */
  public static final Map<String, String> DEFAULTS = defaults();

  /**
   * Keys still accepted so existing config files keep loading, but ignored: each set one is
   * warned about once per load, naming the key. They go in the release after next.
   */
  public static final Map<String, String> DEPRECATED = Map.of(
      "model.gate.min.skill", "the published forecast is the online expert mix (see README 'Forecast record'); "
          + "no skill gate decides what is published any more",
      "model.gate.min.scored", "the published forecast is the online expert mix (see README 'Forecast record'); "
          + "no skill gate decides what is published any more");

  private static final Logger LOG = LoggerFactory.getLogger(AppConfigLoader.class);

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private AppConfigLoader() {}

  private static Map<String, String> defaults() {
    ForecasterConfig m = ForecasterConfig.defaults();
    TickParser.Limits l = TickParser.Limits.defaults();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("bootstrap.servers", "");
    d.put("application.id", "tickcast");
    d.put("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "tickcast-state").toString());
    d.put("topic.ticks", "ticks");
    d.put("topic.bars", "bars");
    d.put("topic.forecasts", "forecasts");
    d.put("topic.ticks.dlq", "ticks.dlq");
    d.put("topic.bars.dlq", "bars.dlq");
    d.put("topic.partitions", "3");
    d.put("topic.replication.factor", "1");
    d.put("topic.create", "true");
    d.put("bar.size", "1m");
    d.put("bar.grace", "10s");
    d.put("bar.idle.timeout", "30s");
    d.put("processing.guarantee", StreamsConfig.EXACTLY_ONCE_V2);
    d.put("num.stream.threads", "1");
    d.put("num.standby.replicas", "0");
    d.put("model.seq.length", Integer.toString(m.seqLength()));
    d.put("model.hidden.size", Integer.toString(m.hiddenSize()));
    d.put("model.batch.size", Integer.toString(m.batchSize()));
    d.put("model.ref.batch.size", Integer.toString(m.refBatchSize()));
    d.put("model.learning.rate", Double.toString(m.learningRate()));
    d.put("model.warmup.updates", Integer.toString(m.warmupUpdates()));
    d.put("model.clip.norm", Double.toString(m.clipNorm()));
    d.put("model.micro.batches", Integer.toString(m.microBatches()));
    d.put("model.norm.half.life", Double.toString(m.normHalfLifeBars()));
    d.put("model.eval.window", Integer.toString(m.evalWindow()));
    d.put("model.gate.min.skill", Double.toString(m.gateMinSkill()));
    d.put("model.gate.min.scored", Integer.toString(m.gateMinScored()));
    d.put("model.ewma.alpha", Double.toString(m.ewmaReturnAlpha()));
    d.put("model.riskmetrics.lambda", Double.toString(m.riskMetricsLambda()));
    d.put("model.seed", Long.toString(m.seed()));
    ForecasterConfig.Adaptivity a = m.adapt();
    d.put("model.adaptive.batch", Boolean.toString(a.adaptiveBatch()));
    d.put("model.min.batch.size", Integer.toString(a.minBatchSize()));
    d.put("model.max.batch.size", Integer.toString(a.maxBatchSize()));
    d.put("model.drift.delta", Double.toString(a.driftDelta()));
    d.put("model.drift.lambda", Double.toString(a.driftLambda()));
    d.put("model.drift.reset.moments", Boolean.toString(a.resetMomentsOnDrift()));
    d.put("model.recovery.window", Integer.toString(a.recoveryWindow()));
    d.put("model.replay.every", Integer.toString(m.replay().every()));
    d.put("model.replay.window", Integer.toString(m.replay().window()));
    d.put("model.replay.half.life", Double.toString(m.replay().halfLife()));
    d.put("model.bptt.length", Integer.toString(m.bpttLength()));
    d.put("model.head.refit", m.headRefit().mode().name().toLowerCase(Locale.ROOT));
    d.put("model.shadow.batch.sizes", "");
    d.put("model.cache.max.symbols", Integer.toString(TopologyDeps.DEFAULT_MODEL_CACHE_MAX_SYMBOLS));
    d.put("tick.max.bytes", Integer.toString(l.maxRecordBytes()));
    d.put("tick.max.symbol.length", Integer.toString(l.maxSymbolLength()));
    // In minutes, as README states it; AppConfigLoaderTest checks that no part of it is lost.
    d.put("tick.max.future.skew", Duration.ofMillis(l.maxFutureSkewMs()).toMinutes() + "m");
    d.put("tick.dedup", DedupMode.ID.code());
    d.put("metrics.port", "8080");
    d.put("http.bind.address", "0.0.0.0");
    d.put("http.advertised.host", "localhost");
    d.put("http.admin.enabled", "false");
    d.put("http.history.size", "720");
    d.put("metrics.max.symbols", "200");
    d.put("status.interval", "5s");
    d.put("demo.speed", "600");
    d.put("demo.csv", "");
    d.put("demo.symbol", "BTCUSD");
    d.put("demo.broker.port", "9092");
    d.put("demo.data.dir", "");
    return java.util.Collections.unmodifiableMap(d);
  }

  /** Environment variable name of a key: {@code bar.size} to {@code TICKCAST_BAR_SIZE}. */
  public static String envName(String key) {
    return "TICKCAST_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /**
   * Loads the properties file (if any) and applies the environment.
   *
   * @param file the properties file, or empty to use {@code $TICKCAST_CONFIG} if set
   */
  public static AppConfig load(Optional<Path> file, Map<String, String> env) {
    return load(file, env, Map.of());
  }

  /**
   * Loads the properties file (if any), applies the environment, then {@code cli}: the values of
   * command-line options, keyed by config key (the highest layer).
   */
  public static AppConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> cli) {
    Optional<Path> path = file.or(() -> Optional.ofNullable(env.get(CONFIG_FILE_ENV)).map(Path::of));
    Map<String, String> fileProps = new HashMap<>();
    if (path.isPresent()) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(path.get(), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException(CONFIG_FILE_ENV, "cannot read properties file " + path.get(), e);
      }
      p.stringPropertyNames().forEach(k -> fileProps.put(k, p.getProperty(k).trim()));
    }
    return fromLayers(fileProps, env, cli);
  }

  /** Pure core of {@link #load}: defaults, then {@code props}, then {@code env}. */
  public static AppConfig fromLayers(Map<String, String> props, Map<String, String> env) {
    return fromLayers(props, env, Map.of());
  }

  /** Pure core of {@link #load}: defaults, then {@code props}, then {@code env}, then {@code cli}. */
  public static AppConfig fromLayers(Map<String, String> props, Map<String, String> env,
      Map<String, String> cli) {
    Map<String, String> merged = new TreeMap<>(DEFAULTS);
    Map<String, String> kafka = new TreeMap<>();
    for (Map.Entry<String, String> e : props.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(KAFKA_PREFIX)) {
        kafka.put(k.substring(KAFKA_PREFIX.length()), e.getValue());
      } else if (DEFAULTS.containsKey(k)) {
        merged.put(k, e.getValue());
      } else {
        throw new ConfigException(k, "unknown key (known keys: see README 'Configuration'; "
            + "Kafka settings take the prefix 'kafka.')");
      }
    }
    for (String k : DEFAULTS.keySet()) {
      String v = env.get(envName(k));
      if (v != null) {
        merged.put(k, v.trim());
      }
    }
    for (Map.Entry<String, String> e : cli.entrySet()) {
      if (e.getKey().startsWith(KAFKA_PREFIX)) {
        kafka.put(e.getKey().substring(KAFKA_PREFIX.length()), e.getValue());
      } else if (DEFAULTS.containsKey(e.getKey())) {
        merged.put(e.getKey(), e.getValue().trim());
      } else {
        throw new ConfigException(e.getKey(), "unknown key");
      }
    }
    deprecationWarnings(props, env, cli).forEach(LOG::warn);
    EnvironmentCheck.unknownVariables(env, DEFAULTS.keySet()).forEach(LOG::warn);
    return build(new ConfigReader(merged), kafka);
  }

  /** One line per deprecated key that any layer sets, naming the key and where it was set. */
  static java.util.List<String> deprecationWarnings(Map<String, String> props, Map<String, String> env,
      Map<String, String> cli) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Map.Entry<String, String> d : new TreeMap<>(DEPRECATED).entrySet()) {
      String k = d.getKey();
      String where = cli.containsKey(k) ? "the command line" : env.containsKey(envName(k)) ? envName(k)
          : props.containsKey(k) ? "the config file" : null;
      if (where != null) {
        out.add("config key " + k + " (set in " + where + ") is deprecated and ignored: " + d.getValue());
      }
    }
    return out;
  }

  private static AppConfig build(ConfigReader r, Map<String, String> kafka) {
    ForecasterConfig model;
    try {
      model = new ForecasterConfig(
          r.intBetween("model.seq.length", 2, ModelLimits.MAX_SEQ_LENGTH),
          r.intBetween("model.hidden.size", 1, ModelLimits.MAX_HIDDEN_SIZE),
          r.intAtLeast("model.batch.size", 1),
          r.intAtLeast("model.ref.batch.size", 1),
          r.positiveDouble("model.learning.rate"),
          r.intAtLeast("model.warmup.updates", 0),
          r.nonNegativeDouble("model.clip.norm"),
          r.intAtLeast("model.micro.batches", 1),
          r.positiveDouble("model.norm.half.life"),
          r.intAtLeast("model.eval.window", 2),
          r.finiteDouble("model.gate.min.skill"),
          r.intAtLeast("model.gate.min.scored", 0),
          r.unitInterval("model.ewma.alpha"),
          r.unitInterval("model.riskmetrics.lambda"),
          r.parse("model.seed", Long::parseLong, "an integer"),
          new ForecasterConfig.Adaptivity(
              r.bool("model.adaptive.batch"),
              r.intAtLeast("model.min.batch.size", 1),
              r.intAtLeast("model.max.batch.size", 1),
              r.nonNegativeDouble("model.drift.delta"),
              r.positiveDouble("model.drift.lambda"),
              r.bool("model.drift.reset.moments"),
              r.intAtLeast("model.recovery.window", 2)),
          new ForecasterConfig.Replay(
              r.intAtLeast("model.replay.every", 1),
              r.intAtLeast("model.replay.window", 0),
              r.positiveDouble("model.replay.half.life")),
          r.intAtLeast("model.bptt.length", 0),
          HEAD_REFITS.get(r.oneOf("model.head.refit", HEAD_REFITS.keySet())));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // ForecasterConfig's own checks name the record field; translate it back to our key.
      throw new ConfigException(modelKeyOf(e.getMessage()), e.getMessage(), e);
    }
    TickParser.Limits limits;
    try {
      limits = new TickParser.Limits(
          r.intAtLeast("tick.max.bytes", 64),
          r.intAtLeast("tick.max.symbol.length", 1),
          r.duration("tick.max.future.skew").toMillis());
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException("tick.*", e.getMessage(), e);
    }
    Duration barSize = r.duration("bar.size");
    if (barSize.isZero()) {
      throw new ConfigException("bar.size", "must be > 0");
    }
    String guarantee = r.oneOf("processing.guarantee",
        Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE));
    int replication = r.intAtLeast("topic.replication.factor", 1);
    if (replication > Short.MAX_VALUE) {
      throw new ConfigException("topic.replication.factor", "too large: " + replication);
    }
    AppConfig.TopicNames topics = new AppConfig.TopicNames(
        r.topic("topic.ticks"), r.topic("topic.bars"), r.topic("topic.forecasts"),
        r.topic("topic.ticks.dlq"), r.topic("topic.bars.dlq"));
    if (new java.util.HashSet<>(java.util.List.of(topics.ticks(), topics.bars(), topics.forecasts(),
        topics.ticksDlq(), topics.barsDlq())).size() != 5) {
      throw new ConfigException("topic.*", "the five topic names must be distinct: " + topics);
    }
    AppConfig.Demo demo = new AppConfig.Demo(
        r.nonNegativeDouble("demo.speed"),
        r.optional("demo.csv").map(Path::of),
        r.required("demo.symbol"),
        r.port("demo.broker.port"),
        r.optional("demo.data.dir").map(Path::of));
    return new AppConfig(
        r.optional("bootstrap.servers"),
        r.required("application.id"),
        Path.of(r.required("state.dir")),
        topics,
        r.intAtLeast("topic.partitions", 1),
        (short) replication,
        r.bool("topic.create"),
        barSize,
        r.duration("bar.grace"),
        r.duration("bar.idle.timeout"),
        guarantee,
        r.intAtLeast("num.stream.threads", 1),
        r.intAtLeast("num.standby.replicas", 0),
        model,
        r.batchSizes("model.shadow.batch.sizes"),
        r.intAtLeast("model.cache.max.symbols", 1),
        limits,
        r.parse("tick.dedup", DedupMode::parse,
            "id, content or off (legacy: true = content, false = off)"),
        r.port("metrics.port"),
        new AppConfig.Http(r.required("http.bind.address"), r.required("http.advertised.host"),
            r.bool("http.admin.enabled"), r.intAtLeast("http.history.size", 0)),
        r.intAtLeast("metrics.max.symbols", 1),
        r.duration("status.interval"),
        demo,
        kafka);
  }

  private static final Map<String, String> MODEL_FIELD_KEYS = Map.ofEntries(
      Map.entry("seqLength", "model.seq.length"),
      Map.entry("hiddenSize", "model.hidden.size"),
      Map.entry("batchSize", "model.batch.size"),
      Map.entry("refBatchSize", "model.ref.batch.size"),
      Map.entry("learningRate", "model.learning.rate"),
      Map.entry("warmupUpdates", "model.warmup.updates"),
      Map.entry("clipNorm", "model.clip.norm"),
      Map.entry("microBatches", "model.micro.batches"),
      Map.entry("normHalfLifeBars", "model.norm.half.life"),
      Map.entry("evalWindow", "model.eval.window"),
      Map.entry("gateMinSkill", "model.gate.min.skill"),
      Map.entry("gateMinScored", "model.gate.min.scored"),
      Map.entry("ewmaReturnAlpha", "model.ewma.alpha"),
      Map.entry("riskMetricsLambda", "model.riskmetrics.lambda"),
      Map.entry("seed", "model.seed"),
      Map.entry("minBatchSize", "model.min.batch.size"),
      Map.entry("maxBatchSize", "model.max.batch.size"),
      Map.entry("driftDelta", "model.drift.delta"),
      Map.entry("driftLambda", "model.drift.lambda"),
      Map.entry("recoveryWindow", "model.recovery.window"),
      Map.entry("replay.every", "model.replay.every"),
      Map.entry("replay.window", "model.replay.window"),
      Map.entry("replay.halfLife", "model.replay.half.life"),
      Map.entry("bpttLength", "model.bptt.length"),
      Map.entry("headRefit.mode", "model.head.refit"),
      Map.entry("headRefit.sequences", "model.head.refit"),
      Map.entry("headRefit.ridge", "model.head.refit"),
      Map.entry("headRefit.errorGate", "model.head.refit"),
      Map.entry("headRefit.fastMargin", "model.head.refit"),
      Map.entry("headRefit.fastWindow", "model.head.refit"),
      Map.entry("headRefit.fastMaxScale", "model.head.refit"),
      Map.entry("headRefit.fastMinT", "model.head.refit"),
      Map.entry("headRefit.recheckAfter", "model.head.refit"));

  /**
   * {@code model.head.refit}: the catch-up's closed-form head refit ({@code instead} of its steps,
   * the model's default) or {@code off} (the catch-up's optimizer steps alone, as before the
   * refit, error gate off); its N, ridge and error gate are the model's defaults (the regime
   * suite sets them in bench).
   */
  private static final Map<String, HeadRefit> HEAD_REFITS = Map.of(
      "instead", HeadRefit.defaults(),
      "off", HeadRefit.off());

  private static String modelKeyOf(String message) {
    String msg = message == null ? "" : message;
    return MODEL_FIELD_KEYS.entrySet().stream()
        .filter(e -> msg.startsWith(e.getKey() + " ") || msg.contains(" " + e.getKey() + " "))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse("model.*");
  }

  /** Parses {@code 1m}, {@code 500ms}, {@code 10s}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT1M}. */
  public static Duration parseDuration(String text) {
    Matcher m = SIMPLE_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    return Duration.parse(text.trim());
  }
}
