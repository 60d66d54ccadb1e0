package io.tickcast.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** Options every subcommand takes: the config file, generic key overrides and {@code --verbose}. */
public final class CommonOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with config keys (else $TICKCAST_CONFIG). "
          + "Precedence: defaults < file < TICKCAST_* environment < command line.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", showDefaultValue = Visibility.NEVER,
      description = "Sets any config key (e.g. --set model.hidden.size=64); repeatable.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  boolean verbose;
}
