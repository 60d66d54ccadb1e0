package io.tickcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The demo fails to start after its embedded broker is up: the broker is closed again (its port
 * is free), a data directory the demo created is deleted, and the error is the command line's one
 * line with the usual exit code. Real embedded KRaft broker, through {@link Cli#execute}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DemoStartFailureIT {

  @Test
  void shouldCloseTheBrokerAndExitWithAUserErrorWhenAKafkaSettingIsInvalid() throws IOException {
    // Given a kafka.* value that only Kafka Streams rejects, once the broker is already running
    int brokerPort = freePort();
    StringWriter err = new StringWriter();

    // When the demo starts with its own fresh data directory
    DemoRun run = demo(() -> Cli.execute(new String[] {"demo", "--broker-port", String.valueOf(brokerPort),
        "--http-port", "0", "--set", "kafka.num.stream.threads=abc"},
        new PrintWriter(new StringWriter()), new PrintWriter(err)));
    int exit = run.exit();

    // Then: one line, exit 2, the broker's port is free again and the data directory is gone
    assertThat(exit).as(err.toString()).isEqualTo(Cli.USER_ERROR);
    assertThat(err.toString()).isEqualTo("tickcast demo: invalid config 'kafka.num.stream.threads': "
        + "Invalid value abc for configuration num.stream.threads: Not a number of type INT"
        + System.lineSeparator());
    assertThat(canBind(brokerPort)).as("broker port %s free after the failed start", brokerPort).isTrue();
    // Its own directory, so another demo on the same host creating one meanwhile cannot fail this test
    assertThat(run.dataDirs()).as("data directories the demo logged").singleElement()
        .satisfies(dir -> assertThat(dir.getFileName().toString()).startsWith("tickcast-demo-"))
        .satisfies(dir -> assertThat(dir).doesNotExist());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // Kafka names linger.ms; the user set kafka.producer.linger.ms
      "kafka.producer.linger.ms=abc | invalid config 'kafka.producer.linger.ms': Invalid value abc for configuration"
          + " linger.ms: Not a number of type LONG",
      // Rejected inside the start-up Admin's constructor, which wraps it in a KafkaException (exit 1 before)
      "kafka.admin.bootstrap.servers=nohost | invalid config 'kafka.admin.bootstrap.servers': Invalid url in"
          + " bootstrap.servers: nohost"})
  void shouldNameThePrefixedKeyOfAKafkaSettingTheClientsReject(String setting, String error) throws IOException {
    String brokerPort = String.valueOf(freePort());
    StringWriter err = new StringWriter();
    DemoRun run = demo(() -> Cli.execute(new String[] {"demo", "--http-port", "0", "--broker-port", brokerPort,
        "--set", setting}, new PrintWriter(new StringWriter()), new PrintWriter(err)));
    assertThat(run.exit()).as(err.toString()).isEqualTo(Cli.USER_ERROR);
    assertThat(err.toString()).isEqualTo("tickcast demo: " + error + System.lineSeparator());
    assertThat(run.dataDirs()).singleElement().satisfies(dir -> assertThat(dir).doesNotExist());
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

  /** A demo's exit code and the data directories it logged ("starting the demo (..., data in DIR)"). */
  private record DemoRun(int exit, List<Path> dataDirs) {}

  private static DemoRun demo(IntSupplier cli) {
    Logger logger = (Logger) LoggerFactory.getLogger(Pipelines.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    int exit;
    try {
      exit = cli.getAsInt();
    } finally {
      logger.detachAppender(appender);
    }
    return new DemoRun(exit, appender.list.stream()
        .filter(e -> e.getMessage().startsWith("starting the demo (embedded broker, data in "))
        .map(e -> (Path) e.getArgumentArray()[0]).toList());
  }
}
