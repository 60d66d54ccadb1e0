package io.tickcast.app.broker;

import static io.tickcast.app.broker.LoopbackPorts.HOST;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the configuration of the single-node, combined broker-and-controller KRaft server.
 *
 * <p>This is the one place that holds the embedded broker's defaults; {@link
 * EmbeddedKafkaBroker}'s Javadoc explains them to callers. Both the storage format step and the
 * server itself are fed the same map, so they cannot disagree. Stateless; safe from any thread.
 */
final class KraftBrokerConfig {

  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KraftBrokerConfig() {}

  /**
   * The full broker config: listeners, directories and defaults, then {@code overrides}.
   *
   * @param dir the absolute log directory, used for both data and the metadata log
   * @param clientPort the PLAINTEXT client port on {@link LoopbackPorts#HOST}
   * @param controllerPort the controller port on {@link LoopbackPorts#HOST}
   * @param overrides entries that replace any default
   * @return a new mutable map in insertion order, so a logged or stored copy reads top-down
   */
  static Map<String, String> build(
      Path dir, int clientPort, int controllerPort, Map<String, String> overrides) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put(
        "listeners",
        listener(BROKER_LISTENER, clientPort)
            + ","
            + listener(CONTROLLER_LISTENER, controllerPort));
    config.put("advertised.listeners", listener(BROKER_LISTENER, clientPort));
    config.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    config.put("controller.listener.names", CONTROLLER_LISTENER);
    config.put("inter.broker.listener.name", BROKER_LISTENER);
    config.put("log.dirs", dir.toString());
    config.put("metadata.log.dir", dir.toString());

    config.put("log.retention.ms", "-1");
    config.put("num.partitions", "1");
    config.put("auto.create.topics.enable", "false");
    config.put("offsets.topic.replication.factor", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    // The default of 50 partitions makes the first group join or transaction create 50 logs,
    // which takes seconds on a small machine. A single node gains nothing from spreading them.
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.num.partitions", "1");
    config.put("share.coordinator.state.topic.num.partitions", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("group.streams.initial.rebalance.delay.ms", "0");
    // The cleaner's default dedupe buffer is 128 MiB of heap per broker. 8 MiB is plenty for
    // the compacted changelogs of a demo, and it leaves heap for the model.
    config.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));

    config.putAll(overrides);
    // The single voter is this node, so its id must follow a node.id override.
    String voter = config.get("node.id").trim() + "@" + HOST + ":" + controllerPort;
    config.putIfAbsent("controller.quorum.voters", voter);
    return config;
  }

  private static String listener(String name, int port) {
    return name + "://" + HOST + ":" + port;
  }
}
