package io.tickcast.app.it.support;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Records every Kafka Streams state the application passes through, by polling every 20 ms
 * (the service registers its own state listener and Kafka Streams allows only one). Polling can
 * miss a state held for less than the period, but not ERROR, which is terminal.
 */
public final class StateWatcher implements AutoCloseable {

  private final KafkaStreams streams;
  /** A state and the wall-clock time it was first observed. */
  public record Transition(KafkaStreams.State state, long atMs) {}

  private final List<Transition> transitions = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public StateWatcher(KafkaStreams streams) {
    this.streams = streams;
    thread = new Thread(this::run, "it-state-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      KafkaStreams.State s = streams.state();
      synchronized (this) {
        if (transitions.isEmpty() || transitions.get(transitions.size() - 1).state() != s) {
          transitions.add(new Transition(s, System.currentTimeMillis()));
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** States in the order they were observed, consecutive repeats collapsed. */
  public synchronized List<KafkaStreams.State> history() {
    return transitions.stream().map(Transition::state).toList();
  }

  /** States with the time each was first observed. */
  public synchronized List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  /** Waits up to {@code timeoutMs} for {@code state}. */
  public boolean await(KafkaStreams.State state, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (streams.state() == state) {
        return true;
      }
      Thread.sleep(50);
    }
    return streams.state() == state;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(1_000);
  }
}
