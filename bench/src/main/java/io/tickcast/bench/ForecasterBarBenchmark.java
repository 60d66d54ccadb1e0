package io.tickcast.bench;

import io.tickcast.bench.regime.SyntheticBars;
import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.online.RlsAr;
import io.tickcast.model.pipeline.MapStateStore;
import io.tickcast.model.training.Learner;
import java.util.Random;
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
 * The full per-bar production step at {@link ForecasterConfig#defaults()} (issue 10, "per-bar
 * cost ≤ 1 ms"): {@code bar} = {@link SymbolForecaster#onBar} (features, scoring, the expert mix
 * update, an optimizer step every k = 4 labelled bars on B = 16 sequences from the replay window,
 * the forecast), in steady state after {@value #WARM_BARS} warm-up bars; {@code barAndState} adds
 * what the stream's processor persists per bar ({@code writeState}: the main record by
 * {@code StateCodec} and the changed sequence rows, and {@code modelBytes()} by {@code ModelCodec}
 * when a step ran). Sample mode, so the mean is the cost per bar amortised over the steps and the
 * median a bar without a step. {@code barAndWriteState} leaves out the model record;
 * {@code stateEncode} and {@code modelEncode} time the two encodes alone on the warmed forecaster.
 *
 * <p>Same-run baselines: {@code trainStep} = one kernel optimizer step at the defaults (B = 16,
 * as {@link TrainStepBenchmark} with {@code -p batch=16 -p hidden=32 -p backend=KERNEL}) and
 * {@code rlsBar} = one update and forecast of the online linear expert alone. Bars come from a
 * seeded threshold AR (continuation after up bars, reversal after down bars) that flips every
 * 3,000 bars, so the drift response runs as in a replay of history. Run:
 * {@code java -jar bench/target/benchmarks.jar ForecasterBarBenchmark}.
 *
 * <p>{@code bptt} sets {@code model.bptt.length} (truncated BPTT, K) of both the forecaster and
 * the learner; 0 = the default. The truncation sweep:
 * {@code java -jar bench/target/benchmarks.jar 'ForecasterBarBenchmark.(bar|trainStep)$'
 * -p bptt=32,16,8}. {@code skip}: {@code gain} (the default), {@code on} (the skip without the
 * network's gain), {@code off} (the network alone); their costs in one run: {@code java -jar
 * bench/target/benchmarks.jar 'ForecasterBarBenchmark.(bar|barAndState|trainStep)$' -p
 * skip=gain,on,off}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class ForecasterBarBenchmark {

  static final int WARM_BARS = 1_000;

  /** A default forecaster past its cold start, and the bar stream. */
  @State(Scope.Thread)
  public static class Pipeline {
    /** Truncated-BPTT length K (0 = the default). */
    @Param({"0"})
    public int bptt;
    /**
     * The fast skip: {@code gain} (the default: with the network's gain, fitted with recency
     * weights), {@code unweighted} (the gain without them, {@code
     * model.fast.skip.gain.half.life=0}), {@code on} (without the gain, {@code
     * model.fast.skip.gain.forgetting=0}), {@code off} (the network alone).
     */
    @Param({"gain"})
    public String skip;

    SymbolForecaster forecaster;
    final SyntheticBars bars = new SyntheticBars();
    final MapStateStore store = new MapStateStore();
    final Returns returns = new Returns();

    @Setup(Level.Trial)
    public void setUp() {
      forecaster = SymbolForecaster.create(SyntheticBars.SYMBOL, config(bptt, skip));
      forecaster.onBar(bars.first());
      for (int i = 0; i < WARM_BARS; i++) {
        forecaster.onBar(bars.next(returns.next()));
      }
      if (forecaster.modelVersion() < WARM_BARS / 8) {
        throw new IllegalStateException("the warm-up did not train: "
            + forecaster.modelVersion() + " steps");
      }
    }

    Bar next() {
      return bars.next(returns.next());
    }
  }

  /** A learner at the defaults and random batches, as {@link TrainStepBenchmark}. */
  @State(Scope.Thread)
  public static class Step {
    /** Truncated-BPTT length K (0 = the default). */
    @Param({"0"})
    public int bptt;
    /**
     * The fast skip: {@code gain} (the default: with the network's gain, fitted with recency
     * weights), {@code unweighted} (the gain without them, {@code
     * model.fast.skip.gain.half.life=0}), {@code on} (without the gain, {@code
     * model.fast.skip.gain.forgetting=0}), {@code off} (the network alone).
     */
    @Param({"gain"})
    public String skip;

    Learner learner;
    Batches data;
    int batch;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      ForecasterConfig cfg = config(bptt, skip);
      batch = cfg.batchSize();
      learner = new Learner(cfg, Learner.Backend.KERNEL);
      data = Batches.random(batch, cfg.seqLength(), 42L + batch);
    }
  }

  /**
   * The defaults, with truncated-BPTT length {@code bptt} unless it is 0, and the fast skip as
   * {@code skip} says ({@code gain}, {@code unweighted}, {@code on}, {@code off}).
   */
  static ForecasterConfig config(int bptt, String skip) {
    ForecasterConfig d = ForecasterConfig.defaults();
    d = switch (skip) {
      case "gain" -> d;
      case "unweighted" -> d.withFastSkip(d.fastSkip().withGainHalfLife(0));
      case "on" -> d.withFastSkip(d.fastSkip().withGainForgetting(0));
      case "off" -> d.withFastSkip(FastSkip.off());
      default -> throw new IllegalArgumentException(
          "skip must be gain, unweighted, on or off: " + skip);
    };
    return bptt == 0 ? d : d.withBpttLength(bptt);
  }

  /** The online linear expert alone. */
  @State(Scope.Thread)
  public static class Linear {
    final RlsAr rls = RlsAr.defaults();
    final Returns returns = new Returns();
  }

  /** Seeded threshold-AR log returns (σ 1e-3), flipping every 3,000 bars. */
  static final class Returns {
    private final Random rnd = new Random(7);
    private double prev;
    private long t;

    double next() {
      boolean flipped = (t++ / 3_000) % 2 == 1;
      double phi = (prev > 0) != flipped ? 0.6 : -0.3;
      prev = phi * prev + 1e-3 * rnd.nextGaussian();
      return prev;
    }
  }

  @Benchmark
  public BarResult bar(Pipeline p) {
    return p.forecaster.onBar(p.next());
  }

  @Benchmark
  public BarResult barAndState(Pipeline p) {
    BarResult r = p.forecaster.onBar(p.next());
    p.forecaster.writeState(p.store);
    if (r.modelChanged()) {
      p.store.put("model", p.forecaster.modelBytes());
    }
    return r;
  }

  /** {@code barAndState} without the model record: onBar + {@code writeState} only. */
  @Benchmark
  public BarResult barAndWriteState(Pipeline p) {
    BarResult r = p.forecaster.onBar(p.next());
    p.forecaster.writeState(p.store);
    return r;
  }

  /** Part of {@code barAndState}: the main per-bar record alone ({@code StateCodec}). */
  @Benchmark
  public byte[] stateEncode(Pipeline p) {
    return p.forecaster.stateBytes();
  }

  /** Part of {@code barAndState} every k-th bar: the model record ({@code ModelCodec}). */
  @Benchmark
  public byte[] modelEncode(Pipeline p) {
    return p.forecaster.modelBytes();
  }

  @Benchmark
  public TrainingStep trainStep(Step s) {
    int i = s.next;
    s.next = (i + 1) % s.data.size();
    return s.learner.step(s.data.features(i), s.data.labels(i), s.batch);
  }

  @Benchmark
  public double rlsBar(Linear l) {
    l.rls.update(l.returns.next());
    return l.rls.predict();
  }
}
