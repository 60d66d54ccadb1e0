package io.tickcast.app.config;

/** Invalid configuration; the message always names the offending key. Thrown at start only. */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String problem) {
    super("invalid config '" + key + "': " + problem);
    this.key = key;
  }

  public ConfigException(String key, String problem, Throwable cause) {
    super("invalid config '" + key + "': " + problem, cause);
    this.key = key;
  }

  /** The configuration key at fault. */
  public String key() {
    return key;
  }
}
