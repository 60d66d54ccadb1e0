package io.tickcast.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A config whose {@code kafka.*} values come from Kafka's FileConfigProvider, as an operator keeps secrets. */
public final class ConfigProviderFixture {

  /** The JAAS config {@link #secrets} holds under {@code jaas}. */
  public static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";";

  private ConfigProviderFixture() {}

  /** A secrets file in {@code dir}: {@code proto=SASL_PLAINTEXT}, {@code threads=3}, {@code bytes=4194304}, {@code jaas}. */
  public static Path secrets(Path dir) throws IOException {
    return Files.writeString(dir.resolve("secrets.properties"),
        "proto=SASL_PLAINTEXT\nthreads=3\nbytes=4194304\njaas=" + JAAS + "\n");
  }

  /**
   * The config of {@code more} (with {@code SECRETS} in a value replaced by {@code secrets}' path)
   * plus {@code kafka.config.providers=file} and its class.
   */
  public static AppConfig withFileProvider(Path secrets, Map<String, String> more) {
    return AppConfigLoader.fromLayers(layer(secrets, more), Map.of());
  }

  /** The layer {@link #withFileProvider} loads. */
  public static Map<String, String> layer(Path secrets, Map<String, String> more) {
    Map<String, String> layer = new HashMap<>(Map.of("kafka.config.providers", "file",
        "kafka.config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
    more.forEach((k, v) -> layer.put(k, v.replace("SECRETS", secrets.toString())));
    return layer;
  }
}
