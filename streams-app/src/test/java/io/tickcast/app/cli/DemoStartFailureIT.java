package io.tickcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo fails to start after its embedded broker is up: the broker is closed again (its port
 * is free), a data directory the demo created is deleted, and the error is the command line's one
 * line with the usual exit code. Real embedded KRaft broker, through {@link Cli#execute}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DemoStartFailureIT {

  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

  @Test
  void shouldCloseTheBrokerAndExitWithAUserErrorWhenAKafkaSettingIsInvalid() throws IOException {
    // Given a kafka.* value that only Kafka Streams rejects, once the broker is already running
    int brokerPort = freePort();
    Set<Path> demoDirsBefore = demoTempDirs();
    StringWriter err = new StringWriter();

    // When the demo starts with its own fresh data directory
    int exit = Cli.execute(new String[] {"demo", "--broker-port", String.valueOf(brokerPort), "--http-port", "0",
        "--set", "kafka.num.stream.threads=abc"}, new PrintWriter(new StringWriter()), new PrintWriter(err));

    // Then: one line, exit 2, the broker's port is free again and the data directory is gone
    assertThat(exit).as(err.toString()).isEqualTo(Cli.USER_ERROR);
    assertThat(err.toString()).isEqualTo("tickcast demo: invalid config 'kafka.num.stream.threads': "
        + "Invalid value abc for configuration num.stream.threads: Not a number of type INT"
        + System.lineSeparator());
    assertThat(canBind(brokerPort)).as("broker port %s free after the failed start", brokerPort).isTrue();
    assertThat(demoTempDirs()).as("demo data directories left in %s", TMP).isSubsetOf(demoDirsBefore);
  }

  @Test
  void shouldCloseTheBrokerWhenTheHttpPortIsBusy(@TempDir Path dataDir) throws IOException {
    // Given the HTTP port held by someone else
    int brokerPort = freePort();
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("0.0.0.0", 0));
      StringWriter err = new StringWriter();

      // When the demo starts with a data directory of the user's
      int exit = Cli.execute(new String[] {"demo", "--broker-port", String.valueOf(brokerPort), "--http-port",
          String.valueOf(busy.getLocalPort()), "--data-dir", dataDir.toString()},
          new PrintWriter(new StringWriter()), new PrintWriter(err));

      // Then: one line, exit 1, the broker's port is free again, the user's directory is kept
      assertThat(exit).as(err.toString()).isEqualTo(Cli.FAILURE);
      assertThat(err.toString()).startsWith("tickcast demo: failed: cannot listen for HTTP on 0.0.0.0:"
          + busy.getLocalPort()).hasLineCount(1);
      assertThat(canBind(brokerPort)).as("broker port %s free after the failed start", brokerPort).isTrue();
      assertThat(dataDir.resolve("kafka")).isDirectory();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Set<Path> demoTempDirs() throws IOException {
    Set<Path> dirs = new HashSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(TMP, "tickcast-demo-*")) {
      s.forEach(dirs::add);
    }
    return dirs;
  }
}
