package io.tickcast.app.cli;

import io.tickcast.app.config.AppConfigLoader;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shows the built-in config defaults ({@link AppConfigLoader#DEFAULTS}, the one source of truth)
 * as the defaults of the options bound to config keys. An option is bound to a key by its {@code
 * descriptionKey}. Only options the user typed are applied as the command-line layer (see {@link
 * ConfigOverrides}), so a default shown here never hides a value from the file or environment.
 */
final class ConfigDefaults implements IDefaultValueProvider {

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec o && AppConfigLoader.DEFAULTS.containsKey(o.descriptionKey())) {
      String v = AppConfigLoader.DEFAULTS.get(o.descriptionKey());
      return v.isEmpty() ? null : v;
    }
    return null;
  }
}
