package io.tickcast.bench;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.TrainingStep;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One optimizer step of {@link Learner} as production runs it: T=32, F=5, the default
 * configuration's k=2 micro-batches (so the gradient-noise estimate is included; k=1 at B=1),
 * gradient clipping and Adam with warm-up, for each batch size B, hidden size H and backend.
 * The DL4J backend is the same-run baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseParallelGC",
    "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.bytedeco.javacpp.maxBytes=0"})
public class TrainStepBenchmark {

  @Param({"1", "4", "16", "64", "256"})
  public int batch;

  @Param({"32", "64"})
  public int hidden;

  @Param({"KERNEL", "DL4J"})
  public String backend;

  private Learner trainer;
  private Batches data;
  private int next;
  private long skipped;

  @Setup(Level.Trial)
  public void setUp() {
    ForecasterConfig cfg = ForecasterConfig.defaults().withHiddenSize(hidden).withBatchSize(batch);
    trainer = new Learner(cfg, Learner.Backend.valueOf(backend));
    data = Batches.random(batch, cfg.seqLength(), 42L + batch);
  }

  @Benchmark
  public TrainingStep step() {
    int i = next;
    next = (i + 1) % data.size();
    TrainingStep s = trainer.step(data.features(i), data.labels(i), batch);
    if (s.skipped()) {
      skipped++;
    }
    return s;
  }

  @TearDown(Level.Trial)
  public void checkNoStepWasSkipped() {
    if (skipped > 0) {
      // A skipped step does less work than a real one: the timing would be flattering.
      throw new IllegalStateException(skipped + " steps were skipped (non-finite)");
    }
  }
}
