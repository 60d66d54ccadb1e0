package io.tickcast.app.it.support;

import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/** Task assignment of an in-JVM instance, for the multi-instance ITs. */
public final class Tasks {

  private Tasks() {}

  /** Ids ({@code subtopology_partition}) of the active tasks of {@code streams}. */
  public static Set<String> active(KafkaStreams streams) {
    Set<String> ids = new TreeSet<>();
    for (ThreadMetadata t : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : t.activeTasks()) {
        ids.add(task.taskId().toString());
      }
    }
    return ids;
  }

  /**
   * Partitions of the forecaster's sub-topology among {@code tasks}. The bar builder feeds the
   * forecaster directly, so ticks, bars and the forecaster form one sub-topology (tasks {@code 0_p}).
   */
  public static Set<Integer> forecastPartitions(Set<String> tasks) {
    Set<Integer> out = new TreeSet<>();
    for (String t : tasks) {
      if (t.startsWith("0_")) {
        out.add(Integer.parseInt(t.substring(2)));
      }
    }
    return out;
  }
}
