package io.tickcast.app.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A tickcast instance ({@link InstanceMain}) in a child JVM on the test classpath, so a test can
 * SIGKILL it. Its output goes to {@code logFile}; the protocol lines keep its state, active tasks
 * and HTTP port up to date here.
 */
public final class ChildInstance implements AutoCloseable {

  /** Exit status of a process killed by SIGKILL (128 + 9). */
  public static final int SIGKILL_EXIT = 137;

  private final Process process;
  private final Thread reader;
  private volatile String state = "";
  private volatile Set<String> activeTasks = Set.of();
  private volatile int httpPort = -1;
  private final List<String> errors = new ArrayList<>();

  private ChildInstance(Process process, Path logFile) throws IOException {
    this.process = process;
    Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    reader = new Thread(() -> pump(log), "child-" + process.pid() + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java <flags> -cp <this JVM's classpath> InstanceMain propertiesFile}.
   *
   * @param jvmFlags e.g. {@code -Xmx1g}; the ND4J flags of the build are always added
   */
  public static ChildInstance start(Path propertiesFile, Path logFile, List<String> jvmFlags)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseParallelGC", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        "-Dorg.bytedeco.javacpp.maxBytes=0"));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), InstanceMain.class.getName(),
        propertiesFile.toString()));
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    return new ChildInstance(p, logFile);
  }

  private void pump(Writer log) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); log) {
      String line;
      while ((line = in.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        int at = line.indexOf(InstanceMain.MARK);
        if (at >= 0) {
          String msg = line.substring(at + InstanceMain.MARK.length());
          if (msg.startsWith("STATE ")) {
            state = msg.substring(6).trim();
          } else if (msg.startsWith("TASKS")) {
            String ids = msg.substring(5).trim();
            activeTasks = ids.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(ids.split(",")));
          } else if (msg.startsWith("HTTP ")) {
            httpPort = Integer.parseInt(msg.substring(5).trim());
          }
        } else if (line.contains(" ERROR ")) {
          synchronized (errors) {
            errors.add(line);
          }
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  public long pid() {
    return process.pid();
  }

  public String state() {
    return state;
  }

  public Set<String> activeTasks() {
    return new TreeSet<>(activeTasks);
  }

  public int httpPort() {
    return httpPort;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** ERROR log lines of the child so far. */
  public List<String> errorLines() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  /** Waits for the child to report {@code expected}; fails fast if the child dies. */
  public void awaitState(String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!expected.equals(state)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("child " + pid() + " exited with " + process.exitValue()
            + " before reaching " + expected);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("child " + pid() + " not " + expected + " after " + timeout
            + " (state '" + state + "')");
      }
      Thread.sleep(50);
    }
  }

  /**
   * SIGKILLs the child ({@link Process#destroyForcibly()} on Linux) and waits until the OS
   * confirms it is gone.
   *
   * @return the exit status, {@link #SIGKILL_EXIT} when the kill took effect
   */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child " + pid() + " still alive 30 s after SIGKILL");
    }
    return process.exitValue();
  }

  /** Whether the OS still knows a live process with the child's pid. */
  public boolean osProcessAlive() {
    return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    reader.join(5_000);
  }
}
