package io.tickcast.app.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian package {@code chromium}; {@code .ci/run} installs it; {@code
 * -Dtickcast.chromium=PATH} names another binary), one run per call, each with a fresh profile and
 * the network kept quiet. The page gets 8 s of virtual time, so timers (the live page's 3 s
 * refresh) run without the test waiting for them.
 */
public final class Chromium {

  private static final Pattern STATS = Pattern.compile("<pre id=\"render-stats\"[^>]*>([^<]*)</pre>");

  private Chromium() {}

  /** A run's exit code, output, error output, and the page's console lines within it. */
  public record Result(int exit, String stdout, String stderr, List<String> console) {

    /** The live page's render statistics (JSON text) from a {@code --dump-dom} run, or null. */
    public String renderStats() {
      Matcher m = STATS.matcher(stdout);
      return m.find() ? m.group(1).replace("&quot;", "\"") : null;
    }
  }

  /** Runs chromium with {@code args} and a profile directory {@code profile}. */
  public static Result run(List<String> args, Path profile) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("tickcast.chromium", "chromium"),
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000"));
    cmd.addAll(args);
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      throw new IOException("cannot run chromium (Debian: apt-get install chromium; .ci/run installs it)", e);
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s: " + cmd);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return new Result(p.exitValue(), stdout, stderr, console);
  }
}
