package io.tickcast.app.observability;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command-line tools the deployment files are checked with (promtool, docker-compose,
 * node, npm). A missing tool fails the test with the install hint: CI installs them
 * ({@code .ci/run}), so a skip would hide a broken check.
 */
final class ExternalTool {

  /** Exit code and merged stdout/stderr of a finished command. */
  record Result(List<String> command, int exitCode, String output) {
    String describe() {
      return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
    }
  }

  private ExternalTool() {}

  /** The executable {@code name} on the PATH, or a test failure naming what to install. */
  static Path require(String name, String installHint) {
    return find(name).orElseGet(() -> fail(
        "'%s' is not on the PATH; it is needed to check the deployment files. Install it (%s)",
        name, installHint));
  }

  static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs {@code command} in {@code dir}, failing the test if it does not end within {@code timeout}. */
  static Result run(Path dir, Duration timeout, String... command) {
    List<String> cmd = List.of(command);
    Path log;
    try {
      log = Files.createTempFile("tickcast-tool-", ".log");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temp file", e);
    }
    try {
      Process p = new ProcessBuilder(new ArrayList<>(cmd))
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        return fail("%s did not finish within %s:%n%s", String.join(" ", cmd), timeout,
            Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(cmd, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return fail("cannot run %s: %s", String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while running %s", String.join(" ", cmd));
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // Best effort: a leftover temp file is harmless.
        log.toFile().deleteOnExit();
      }
    }
  }
}
