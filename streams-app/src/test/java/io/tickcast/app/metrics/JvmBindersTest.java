package io.tickcast.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM binders a service binds are closed with it (JvmGcMetrics' GC listeners). */
class JvmBindersTest {

  private final List<String> events = new ArrayList<>();

  /** A binder holding a resource, like JvmGcMetrics. */
  private final class Holding implements MeterBinder, AutoCloseable {
    @Override
    public void bindTo(MeterRegistry registry) {
      events.add("bound");
    }

    @Override
    public void close() {
      events.add("closed");
    }
  }

  @Test
  void shouldCloseTheBindersThatHoldResources() {
    JvmBinders b = JvmBinders.bind(new SimpleMeterRegistry(), List.of(new Holding(), r -> events.add("plain")));
    assertThat(events).containsExactly("bound", "plain");
    b.close();
    assertThat(events).containsExactly("bound", "plain", "closed");
  }

  @Test
  void shouldBindTheStandardJvmMeters() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    try (JvmBinders b = JvmBinders.bindTo(r)) {
      assertThat(r.find("jvm.memory.used").gauges()).isNotEmpty();
      assertThat(r.find("jvm.gc.memory.allocated").counter()).isNotNull();
      assertThat(r.find("jvm.threads.live").gauge()).isNotNull();
      assertThat(r.find("process.cpu.usage").gauge()).isNotNull();
    }
  }
}
