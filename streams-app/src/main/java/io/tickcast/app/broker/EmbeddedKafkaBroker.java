package io.tickcast.app.broker;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka cluster that runs inside this JVM. One process is both broker and
 * controller.
 *
 * <p>The broker is the real {@code kafka.server.KafkaRaftServer} from the {@code kafka_2.13}
 * jar. The first start formats the log directory the way {@code kafka-storage.sh format} does,
 * by calling {@code kafka.tools.StorageTool}. A directory that already holds a {@code
 * meta.properties} is reused as it is, so its topics, offsets and cluster id survive {@link
 * #stop()}/{@link #restart()} and JVM restarts.
 *
 * <p>Clients connect over PLAINTEXT to {@link #bootstrapServers()} ({@code 127.0.0.1:<port>}).
 * The controller listens on a second loopback port. Both ports stay the same across {@link
 * #restart()}, so clients can reconnect to a bounced broker without any change.
 *
 * <p>Defaults suit one node that replays historical data. The replication factors of internal
 * topics are 1. Retention is unlimited ({@code log.retention.ms=-1}), because replayed 2013
 * trades would otherwise be deleted by time-based retention as soon as they are written. Topics
 * are not created automatically, so a misspelt topic name fails instead of silently creating an
 * empty topic. Group rebalances start with no delay. Entries in {@code overrides} replace any
 * default. If you override the listener keys, {@link #bootstrapServers()} no longer describes
 * the broker.
 *
 * <p>Thread-safety: all lifecycle methods are synchronized. {@link #start} returns only after
 * the broker has answered an Admin {@code describeCluster} call, so a client can connect at
 * once. A fatal metadata fault inside the broker halts the JVM, as a standalone broker would.
 * That is acceptable for a demo or a test and is why this class is not a production broker.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path logDir;
  private final boolean ownsLogDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> config;
  private final String clusterId;

  private KafkaRaftServer server;
  private boolean closed;

  private EmbeddedKafkaBroker(
      Path logDir,
      boolean ownsLogDir,
      int port,
      int controllerPort,
      Map<String, String> config,
      String clusterId) {
    this.logDir = logDir;
    this.ownsLogDir = ownsLogDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.config = config;
    this.clusterId = clusterId;
  }

  /**
   * Formats {@code logDir} if needed, starts the broker and waits until it accepts clients.
   *
   * @param logDir the data and metadata log directory. It is created if it does not exist and
   *     formatted unless it already holds a {@code meta.properties}. With {@code null}, a
   *     temporary directory is created, and {@link #close()} deletes it.
   * @param port the PLAINTEXT client port on 127.0.0.1. With 0, a free port is picked once and
   *     then kept across {@link #restart()}.
   * @param overrides broker configs that replace the defaults, for example {@code
   *     "num.partitions"}. May be empty but not null.
   * @return the running broker
   * @throws IllegalStateException if the broker does not start or is not ready within 60 s
   * @throws UncheckedIOException if the log directory cannot be created, read or formatted
   */
  public static EmbeddedKafkaBroker start(Path logDir, int port, Map<String, String> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
    }
    boolean ownsLogDir = logDir == null;
    Path dir = KraftStorage.createLogDir(logDir);

    int[] ports = LoopbackPorts.freePorts(port == 0 ? 2 : 1);
    int clientPort = port == 0 ? ports[1] : port;
    int controllerPort = ports[0];
    Map<String, String> config =
        KraftBrokerConfig.build(dir, clientPort, controllerPort, overrides);
    EmbeddedKafkaBroker broker = null;
    try {
      String clusterId = KraftStorage.formatIfNeeded(dir, config);
      broker =
          new EmbeddedKafkaBroker(dir, ownsLogDir, clientPort, controllerPort, config, clusterId);
      broker.startServer();
      return broker;
    } catch (RuntimeException e) {
      if (broker != null) {
        broker.close();
      } else if (ownsLogDir) {
        KraftStorage.deleteDirQuietly(dir);
      }
      throw e;
    }
  }

  /**
   * The address clients use.
   *
   * @return {@code "127.0.0.1:<port>"}
   */
  public String bootstrapServers() {
    return LoopbackPorts.HOST + ":" + port;
  }

  /**
   * The PLAINTEXT client port. It stays the same across {@link #restart()}.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The directory that holds both the topic data and the KRaft metadata log.
   *
   * @return the absolute path of the log directory
   */
  public Path logDir() {
    return logDir;
  }

  /**
   * The cluster id stored in {@code meta.properties}. It stays the same across restarts.
   *
   * @return the cluster id
   */
  public String clusterId() {
    return clusterId;
  }

  /**
   * Whether the broker is running, that is, started and not yet stopped.
   *
   * @return true between a successful (re)start and the next {@link #stop()} or {@link #close()}
   */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Shuts the broker down and waits until it has stopped, keeping the log directory. Clients
   * then fail to connect until {@link #restart()}. Calling this on a stopped broker does nothing.
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long begin = System.nanoTime();
    log.info("Stopping embedded Kafka broker {}", bootstrapServers());
    KafkaRaftServer running = server;
    server = null;
    running.shutdown();
    running.awaitShutdown();
    log.info(
        "Stopped embedded Kafka broker {} in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
  }

  /**
   * Starts the broker again on the same ports, log directory and cluster id, and waits until it
   * accepts clients. A running broker is stopped first.
   *
   * @throws IllegalStateException if the broker was closed, or if it does not become ready
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("embedded Kafka broker " + bootstrapServers() + " is closed");
    }
    stop();
    startServer();
  }

  /**
   * Stops the broker. The log directory is deleted only if {@code start(null, ...)} created it.
   * Calling this more than once is safe.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    if (ownsLogDir) {
      KraftStorage.deleteDirQuietly(logDir);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker[" + bootstrapServers() + ", logDir=" + logDir + "]";
  }

  private synchronized void startServer() {
    long begin = System.nanoTime();
    log.info(
        "Starting embedded Kafka broker on {} (controller port {}, cluster id {}, log dir {})",
        bootstrapServers(),
        controllerPort,
        clusterId,
        logDir);
    KafkaRaftServer starting = null;
    try {
      // doLog=false: the broker logs its ~400 settings by itself once running; one copy is enough.
      starting = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
      starting.startup();
      awaitReady();
    } catch (RuntimeException e) {
      if (starting != null) {
        shutDownAfterFailedStart(starting, e);
      }
      throw new IllegalStateException(
          "embedded Kafka broker on " + bootstrapServers() + " failed to start", e);
    }
    server = starting;
    log.info(
        "Embedded Kafka broker {} ready in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
  }

  private static void shutDownAfterFailedStart(KafkaRaftServer starting, RuntimeException cause) {
    try {
      starting.shutdown();
      starting.awaitShutdown();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Blocks until the broker answers {@code describeCluster} with at least one node. The KRaft
   * broker lists itself only once the controller has unfenced it, and from then on it can
   * create topics.
   */
  private void awaitReady() {
    Map<String, Object> adminConfig =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-readiness-" + port,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(adminConfig)) {
      while (true) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs <= 0) {
          throw new IllegalStateException(
              "embedded Kafka broker " + bootstrapServers() + " not ready after " + READY_TIMEOUT);
        }
        Collection<Node> nodes =
            admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) remainingMs))
                .nodes()
                .get(remainingMs, TimeUnit.MILLISECONDS);
        if (!nodes.isEmpty()) {
          return;
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "embedded Kafka broker " + bootstrapServers() + " not ready after " + READY_TIMEOUT, e);
    }
  }
}
