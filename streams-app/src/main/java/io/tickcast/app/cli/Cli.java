package io.tickcast.app.cli;

import io.tickcast.app.config.ConfigException;
import io.tickcast.app.config.EditDistance;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds and runs the picocli command tree. Exit codes: 0 success, 1 runtime failure, 2 user
 * error (bad option, missing file, invalid config); every error is one line on stderr, with the
 * stack trace only under {@code --verbose}. Without a subcommand, {@code run} is meant.
 */
public final class Cli {

  /** Exit code of a user error. */
  public static final int USER_ERROR = 2;
  /** Exit code of a runtime failure. */
  public static final int FAILURE = 1;

  private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

  private Cli() {}

  /** The configured command line, writing help/version to {@code out} and errors to {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new TickcastCommand());
    cmd.setDefaultValueProvider(new ConfigDefaults());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setParameterExceptionHandler((ex, args) -> onParameterError(ex, args, err));
    cmd.setExecutionExceptionHandler((ex, sub, parsed) -> {
      boolean user = ex instanceof UserException || ex instanceof ConfigException;
      boolean verbose = parsed.originalArgs().contains("--verbose");
      err.println("tickcast " + sub.getCommandName() + ": " + (user ? "" : "failed: ")
          + oneLine(ex) + (verbose ? "" : user ? "" : " (--verbose shows the stack trace)"));
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return user ? USER_ERROR : FAILURE;
    });
    return cmd;
  }

  /** Parses and runs {@code args}; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(withDefaultCommand(args));
  }

  static String[] withDefaultCommand(String[] args) {
    if (args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL_FLAGS.contains(args[0]))) {
      String[] withRun = new String[args.length + 1];
      withRun[0] = "run";
      System.arraycopy(args, 0, withRun, 1, args.length);
      return withRun;
    }
    return args;
  }

  private static int onParameterError(ParameterException ex, String[] args, PrintWriter err) {
    CommandLine c = ex.getCommandLine();
    StringBuilder msg = new StringBuilder(oneLine(ex));
    if (ex instanceof UnmatchedArgumentException u) {
      String typed = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0).split("=", 2)[0];
      List<String> suggestions = u.getSuggestions().stream()
          .sorted(Comparator.comparingInt(s -> EditDistance.of(typed, s))).toList();
      if (!suggestions.isEmpty()) {
        msg.append("; did you mean ").append(String.join(" or ", suggestions.subList(0,
            Math.min(3, suggestions.size())))).append('?');
      }
    }
    err.println(c.getCommandSpec().qualifiedName() + ": " + msg + " (see --help)");
    if (Arrays.asList(args).contains("--verbose")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return USER_ERROR;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
