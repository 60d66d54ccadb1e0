package io.tickcast.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM and process meter binders of a service (memory, GC, threads, class loading, CPU), bound
 * together and closed together. Closing matters for {@link JvmGcMetrics}: it keeps notification
 * listeners on the platform's garbage collector beans until closed, so every service started and
 * closed in one JVM (the integration tests start dozens) left a set behind. Not thread-safe: the
 * composition root binds and closes it.
 */
public final class JvmBinders implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JvmBinders.class);

  private final List<MeterBinder> binders;

  private JvmBinders(List<MeterBinder> binders) {
    this.binders = binders;
  }

  /** Binds the standard JVM and process binders to {@code registry}. */
  public static JvmBinders bindTo(MeterRegistry registry) {
    return bind(registry, List.of(new JvmMemoryMetrics(), new JvmGcMetrics(),
        new JvmThreadMetrics(), new ClassLoaderMetrics(), new ProcessorMetrics()));
  }

  static JvmBinders bind(MeterRegistry registry, List<MeterBinder> binders) {
    binders.forEach(b -> b.bindTo(registry));
    return new JvmBinders(List.copyOf(binders));
  }

  /** Closes the binders that hold resources ({@link JvmGcMetrics}'s listeners). */
  @Override
  public void close() {
    for (MeterBinder b : binders) {
      if (b instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed", b.getClass().getSimpleName(), e);
        }
      }
    }
  }
}
