package io.tickcast.app;

import io.tickcast.app.cli.Cli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point: hands the arguments to the picocli command tree in {@link io.tickcast.app.cli}
 * ({@code run} by default, {@code demo}, {@code feed}, {@code backtest}, {@code study}, {@code
 * export}; {@code --help} on each) and exits with its code: 0 success, 1 runtime failure, 2 user
 * error.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(Cli.execute(args, out, err));
  }
}
