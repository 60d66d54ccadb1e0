package io.tickcast.app.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's log directory on disk: creating it, formatting it the way {@code
 * kafka-storage.sh format} does, reading back its cluster id, and deleting it.
 *
 * <p>Stateless; callers serialise access to any one directory (the broker's lifecycle methods
 * are synchronized).
 */
final class KraftStorage {

  private static final Logger log = LoggerFactory.getLogger(KraftStorage.class);

  private static final String META_PROPERTIES = "meta.properties";

  private KraftStorage() {}

  /**
   * Creates the log directory.
   *
   * @param logDir the directory to create (with parents), or null for a new temporary one
   * @return the absolute path of the directory
   * @throws UncheckedIOException if it cannot be created
   */
  static Path createLogDir(Path logDir) {
    try {
      return logDir == null
          ? Files.createTempDirectory("tickcast-kafka-")
          : Files.createDirectories(logDir.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
    }
  }

  /**
   * Formats {@code dir} as the single voter of a new cluster, unless it is already formatted.
   *
   * <p>This runs {@code kafka.tools.StorageTool}, the code behind {@code kafka-storage.sh
   * format}, with the broker's own config. The tool reads the node id, the directories and the
   * controller listener from that config, so format and server cannot disagree. It drives
   * {@code org.apache.kafka.metadata.storage.Formatter} with the latest production {@code
   * metadata.version}. With static {@code controller.quorum.voters}, {@code kraft.version} is 0.
   * The tool lives in {@code kafka_2.13}, which is on the compile classpath. The {@code
   * Formatter} lives in {@code kafka-metadata}, which {@code kafka_2.13}'s pom makes runtime-only.
   *
   * @param dir the log directory
   * @param config the broker config, as built by {@link KraftBrokerConfig#build}
   * @return the cluster id, new or read back from {@code meta.properties}
   * @throws UncheckedIOException if the directory cannot be read or formatted
   */
  static String formatIfNeeded(Path dir, Map<String, String> config) {
    Path metaProperties = dir.resolve(META_PROPERTIES);
    if (Files.exists(metaProperties)) {
      String clusterId = readClusterId(metaProperties);
      log.info("Reusing formatted Kafka log dir {} (cluster id {})", dir, clusterId);
      return clusterId;
    }
    String clusterId = Uuid.randomUuid().toString();
    // The tool prints to a stream; capture it so a failure carries the tool's own explanation and
    // a success goes to SLF4J instead of stdout.
    ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
    Path configFile = null;
    try (PrintStream out = new PrintStream(toolOutput, true, StandardCharsets.UTF_8)) {
      configFile = Files.createTempFile("tickcast-kafka-format-", ".properties");
      Properties props = new Properties();
      props.putAll(config);
      try (OutputStream os = Files.newOutputStream(configFile)) {
        props.store(os, "written by EmbeddedKafkaBroker for kafka-storage format");
      }
      int exitCode =
          StorageTool.execute(
              new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, out);
      if (exitCode != 0) {
        throw new IOException("kafka-storage format exited with " + exitCode);
      }
    } catch (Exception e) {
      // StorageTool is Scala and may throw anything, checked or not: I/O, a bad config, or a
      // TerseFailure.
      throw new UncheckedIOException(
          new IOException(
              "cannot format Kafka log dir " + dir + ": " + e.getMessage() + "; tool output: "
                  + toolOutput.toString(StandardCharsets.UTF_8).strip(),
              e));
    } finally {
      deleteFileQuietly(configFile);
    }
    for (String line : toolOutput.toString(StandardCharsets.UTF_8).split("\\R")) {
      if (!line.isBlank()) {
        log.info("kafka-storage format: {}", line);
      }
    }
    return clusterId;
  }

  /**
   * Deletes the log directory and everything in it, logging instead of throwing on failure.
   *
   * @param dir the directory to delete
   */
  static void deleteDirQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      // A leftover temp dir is harmless, and failing close() would hide the caller's real result.
      log.warn("Could not delete embedded Kafka log dir {}", dir, e);
    }
  }

  private static void deleteFileQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("Could not delete {}", file, e);
    }
  }

  private static String readClusterId(Path metaProperties) {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(metaProperties)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + metaProperties, e);
    }
    String clusterId = props.getProperty("cluster.id");
    if (clusterId == null || clusterId.isBlank()) {
      throw new IllegalStateException(metaProperties + " has no cluster.id");
    }
    return clusterId;
  }
}
