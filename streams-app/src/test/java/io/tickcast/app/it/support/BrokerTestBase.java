package io.tickcast.app.it.support;

import io.tickcast.app.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real in-JVM KRaft broker per integration-test class (port 0, data in a temp dir), started
 * before the first test and closed after the last. Tests use unique topic names.
 */
public abstract class BrokerTestBase {

  /** The broker of the running test class. */
  protected static EmbeddedKafkaBroker broker;

  /** Per-class temp dir: broker logs, state dirs, config files. */
  @TempDir protected static Path tmp;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0, Map.of());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
