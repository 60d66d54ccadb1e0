package io.tickcast.bench.regime;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-bar cost of the prototype online learner at its defaults (forecast + observe, i.e. one
 * training step every k = 4 bars, amortised), against the anchors (naive + RLS) as the same-run
 * baseline: {@code java -jar bench/target/benchmarks.jar LearnerBarBenchmark}. Shapes: the
 * defaults (T=16, H=16) and the production network's T=32, H=32.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class LearnerBarBenchmark {

  @Param({"ANCHORS", "LEARNER"})
  public String learner;

  @Param({"16", "32"})
  public int shape;

  private Contestant contestant;
  private double[] r;
  private final double[] mean = new double[3];
  private final double[] sigma = new double[3];
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    r = Kind.THRESHOLD_FLIP.generate(1, 3000, false).r();
    contestant = learner.equals("ANCHORS") ? new Anchors()
        : new OnlineLstm(LearnerConfig.defaults().withShape(shape, shape));
    // Fill the replay window and get past the cold start before measuring.
    for (int i = 0; i < 1000; i++) {
      bar();
    }
  }

  @Benchmark
  public double bar() {
    contestant.forecast(mean, sigma, 0);
    contestant.observe(r[next]);
    next = (next + 1) % r.length;
    return mean[0];
  }
}
