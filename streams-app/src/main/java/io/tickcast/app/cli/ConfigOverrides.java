package io.tickcast.app.cli;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.config.ConfigException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns the options a user typed into the command-line config layer and loads the typed {@link
 * AppConfig} through the one loader (defaults, file, environment, command line).
 */
final class ConfigOverrides {

  private ConfigOverrides() {}

  /** Loads the config of a parsed subcommand; a bad value names the option (and its key). */
  static AppConfig load(CommandSpec spec, CommonOptions common) {
    Map<String, String> cli = new LinkedHashMap<>(common.set);
    ParseResult parsed = spec.commandLine().getParseResult();
    for (OptionSpec o : spec.options()) {
      if (AppConfigLoader.DEFAULTS.containsKey(o.descriptionKey()) && parsed.hasMatchedOption(o)) {
        Object v = o.getValue();
        cli.put(o.descriptionKey(), v == null ? "" : String.valueOf(v));
      }
    }
    try {
      return AppConfigLoader.load(Optional.ofNullable(common.config), System.getenv(), cli);
    } catch (ConfigException e) {
      if (common.config != null && e.key().equals(AppConfigLoader.CONFIG_FILE_ENV)) {
        // The file the user typed, not the environment variable that was not consulted.
        throw new UserException("option --config: cannot read properties file " + common.config
            + (e.getCause() instanceof NoSuchFileException ? " (no such file)"
                : e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
      }
      String option = optionOf(spec, e.key());
      throw option == null ? e : new UserException("option " + option + ": " + e.getMessage(), e);
    }
  }

  /**
   * The option the user typed for {@code key}, or null: a bad value from the file, the
   * environment or {@code --set} is named by its key alone, not by an option nobody typed.
   */
  private static String optionOf(CommandSpec spec, String key) {
    ParseResult parsed = spec.commandLine().getParseResult();
    return key.isEmpty() ? null : spec.options().stream()
        .filter(o -> key.equals(o.descriptionKey()) && parsed.hasMatchedOption(o))
        .map(OptionSpec::longestName).findFirst().orElse(null);
  }

  /**
   * The cluster a client command talks to: {@code bootstrap.servers}, or else the demo's embedded
   * broker on this host ({@code demo.broker.port}).
   */
  static String bootstrapOrDemo(AppConfig config) {
    return config.bootstrapServers().orElse("127.0.0.1:" + config.demo().brokerPort());
  }
}
