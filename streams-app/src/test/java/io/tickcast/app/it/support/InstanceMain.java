package io.tickcast.app.it.support;

import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * One tickcast instance in its own JVM, for tests that kill a process: loads the properties file
 * named by {@code args[0]} through the production loader and starts the production composition
 * root. It reports on stdout, one line each, prefixed {@value #MARK}: {@code HTTP <port>} once,
 * then {@code STATE <state>} on every state change and {@code TASKS <active task ids>} whenever
 * its active tasks change. The environment is not consulted, so the parent fully controls the
 * configuration. It halts when its parent process is gone.
 */
public final class InstanceMain {

  /** Prefix of the protocol lines read by {@link ChildInstance}. */
  public static final String MARK = "@@tickcast ";

  private InstanceMain() {}

  public static void main(String[] args) throws Exception {
    AppConfig config = AppConfigLoader.load(Optional.of(Path.of(args[0])), Map.of());
    TickcastService service = TickcastService.start(config, config.bootstrapServers().orElseThrow());
    PrintStream out = System.out;
    out.println(MARK + "HTTP " + service.httpPort());
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "instance-shutdown"));
    // Never outlive the test JVM that started us, even if it dies without killing us.
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    KafkaStreams.State lastState = null;
    String lastTasks = null;
    while (parent == null || parent.isAlive()) {
      KafkaStreams.State state = service.streams().state();
      if (state != lastState) {
        out.println(MARK + "STATE " + state);
        lastState = state;
      }
      String tasks = activeTasks(service.streams());
      if (!tasks.equals(lastTasks)) {
        out.println(MARK + "TASKS " + tasks);
        lastTasks = tasks;
      }
      out.flush();
      Thread.sleep(50);
    }
    Runtime.getRuntime().halt(3);
  }

  private static String activeTasks(KafkaStreams streams) {
    TreeSet<String> ids = new TreeSet<>();
    try {
      for (ThreadMetadata t : streams.metadataForLocalThreads()) {
        for (TaskMetadata task : t.activeTasks()) {
          ids.add(task.taskId().toString());
        }
      }
    } catch (IllegalStateException e) {
      return "";
    }
    return String.join(",", ids);
  }
}
