package io.tickcast.app.cli;

import io.tickcast.app.feed.TradeCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks and names of input files given on the command line. */
final class InputFiles {

  private InputFiles() {}

  /** Fails with a one-line user error unless {@code file} is a readable regular file. */
  static void requireFile(String option, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserException(option + ": no such file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new UserException(option + ": cannot read " + file);
    }
  }

  /**
   * Opens a trades CSV given by {@code option}; a missing or unreadable file, an empty one or a
   * header without time, price or size column is a user error (exit 2) naming the option.
   */
  static TradeCsv openTrades(String option, Path file, String defaultSymbol) {
    requireFile(option, file);
    try {
      return TradeCsv.open(file, defaultSymbol);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException(option + ": " + e.getMessage(), e);
    }
  }

  /**
   * The user error for an input file that failed while read (e.g. a truncated .gz): the file is at
   * fault, not the program, so exit 2 naming the option and the file, not a stack trace.
   */
  static UserException unreadable(String option, Path file, Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    return new UserException(option + " " + file + ": " + cause.getMessage(), e);
  }

  /**
   * The symbol a file stands for when it has no symbol column: its name without the {@code .gz}
   * and data extensions, upper-cased, other characters than letters, digits, '.', '_' and '-'
   * replaced by '_' (e.g. {@code sp500_daily.csv.gz} to {@code SP500_DAILY}).
   */
  static String symbolOf(Path file) {
    String name = file.getFileName().toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_").toUpperCase(Locale.ROOT);
    return s.isEmpty() ? "UNKNOWN" : s;
  }
}
