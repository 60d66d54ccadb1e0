package io.tickcast.app.it.support;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.topology.ForecastTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Configuration of one pipeline under test: unique application id and topic names, a small model
 * (T=8, B=4, H=8), 5 s grace and an ephemeral metrics port, through the production loader.
 */
public final class PipelineConfig {

  public static final int SEQ = 8;
  public static final int BATCH = 4;
  public static final int HIDDEN = 8;

  private PipelineConfig() {}

  /** {@code prefix-<8 hex>}: unique per test run, legal as application id and topic prefix. */
  public static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The properties of a pipeline {@code id} with its state in {@code stateDir}. */
  public static Map<String, String> props(String id, Path stateDir, int partitions) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("application.id", id);
    p.put("state.dir", stateDir.toString());
    p.put("topic.ticks", id + ".ticks");
    p.put("topic.bars", id + ".bars");
    p.put("topic.forecasts", id + ".forecasts");
    p.put("topic.ticks.dlq", id + ".ticks.dlq");
    p.put("topic.bars.dlq", id + ".bars.dlq");
    p.put("topic.partitions", Integer.toString(partitions));
    p.put("bar.grace", "5s");
    p.put("metrics.port", "0");
    p.put("model.seq.length", Integer.toString(SEQ));
    p.put("model.batch.size", Integer.toString(BATCH));
    p.put("model.hidden.size", Integer.toString(HIDDEN));
    p.put("status.interval", "5s");
    return p;
  }

  public static AppConfig config(Map<String, String> props) {
    return AppConfigLoader.fromLayers(props, Map.of());
  }

  /** Writes {@code props} as a properties file for {@code AppConfigLoader.load}. */
  public static Path write(Map<String, String> props, Path file) {
    Properties p = new Properties();
    p.putAll(props);
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "tickcast integration test instance");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Creates the five topics up front so that concurrently starting instances agree on them. */
  public static void createTopics(AppConfig config, String bootstrap) throws Exception {
    AppConfig.TopicNames t = config.topics();
    List<NewTopic> topics = new ArrayList<>();
    for (String name : List.of(t.ticks(), t.bars(), t.forecasts(), t.ticksDlq(), t.barsDlq())) {
      topics.add(new NewTopic(name, config.topicPartitions(), (short) 1));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Changelog topic of the model store ({@code <application.id>-symbol-models-changelog}). */
  public static String modelChangelog(AppConfig config) {
    return config.applicationId() + "-" + ForecastTopology.MODEL_STORE + "-changelog";
  }

  /** Changelog topic of the per-bar sequence store. */
  public static String sequenceChangelog(AppConfig config) {
    return config.applicationId() + "-" + ForecastTopology.SEQUENCE_STORE + "-changelog";
  }
}
