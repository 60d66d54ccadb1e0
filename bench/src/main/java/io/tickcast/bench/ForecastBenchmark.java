package io.tickcast.bench;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.training.Learner;
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

/** One forecast ({@code predict} on a single [1, 5, 32] sequence) per backend and hidden size. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseParallelGC",
    "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.bytedeco.javacpp.maxBytes=0"})
public class ForecastBenchmark {

  @Param({"32", "64"})
  public int hidden;

  @Param({"KERNEL", "DL4J"})
  public String backend;

  private Learner trainer;
  private float[] sequence;

  @Setup(Level.Trial)
  public void setUp() {
    ForecasterConfig cfg = ForecasterConfig.defaults().withHiddenSize(hidden);
    trainer = new Learner(cfg, Learner.Backend.valueOf(backend));
    sequence = Batches.random(1, cfg.seqLength(), 7).features(0);
  }

  @Benchmark
  public double[][] forecast() {
    return trainer.predict(sequence, 1);
  }
}
