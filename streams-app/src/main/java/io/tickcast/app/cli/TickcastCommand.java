package io.tickcast.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/** The top command: only names the subcommands; {@code run} is the default (see {@link Cli}). */
@Command(name = "tickcast", mixinStandardHelpOptions = true, versionProvider = TickcastCommand.Version.class,
    description = "Online LSTM forecasting of tick data on Kafka Streams.",
    subcommands = {RunCommand.class, DemoCommand.class, FeedCommand.class, BacktestCommand.class,
        StudyCommand.class, ExportCommand.class, HelpCommand.class},
    footer = {"%nWithout a subcommand, 'run' is meant. Example:%n  java -jar tickcast-streams-app.jar demo"})
final class TickcastCommand {

  /** The version from the jar manifest or Maven's pom.properties; "dev" from a source tree. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TickcastCommand.class.getPackage().getImplementationVersion();
      if (v == null) {
        try (var in = TickcastCommand.class.getResourceAsStream(
            "/META-INF/maven/io.tickcast/tickcast-streams-app/pom.properties")) {
          if (in != null) {
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            v = p.getProperty("version");
          }
        } catch (java.io.IOException e) {
          v = null;
        }
      }
      return new String[] {"tickcast " + (v == null ? "dev" : v) + " (Java "
          + System.getProperty("java.version") + ")"};
    }
  }
}
