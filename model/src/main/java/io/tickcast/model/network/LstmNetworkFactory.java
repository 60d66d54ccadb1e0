package io.tickcast.model.network;

import io.tickcast.model.ForecasterConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the forecaster's network; the only place a {@link MultiLayerConfiguration} exists.
 *
 * <p>Architecture: input {@code [batch, F, T]} (NCW, {@link ForecasterConfig#INPUTS} values per
 * time step: the bar features and the linear expert's forecast) → one {@link LSTM} layer of
 * {@code hiddenSize} tanh units wrapped in {@link LastTimeStep} (only the final step feeds the
 * head, so no per-step output layer is computed) → a dense 2-unit identity output
 * {@code (mu, ln σ)} trained with {@link GaussianNllLoss}. Float32 throughout.
 *
 * <p>Gradient clipping is deliberately NOT configured here: DL4J only offers per-layer or
 * per-parameter-type clipping, while the trainer clips the global L2 norm of the accumulated
 * gradient itself (see {@code io.tickcast.model.training.Learner}). The {@link Adam} updater
 * configured here (at the peak rate, DL4J's default betas) only describes the model in an
 * exported zip: training uses tickcast's own {@code Adam} with the learner's warm-up schedule.
 *
 * <p>DL4J's production role is this definition, the seeded initial parameters
 * ({@link #initialParams}), the reference backend and the export format.
 *
 * <p>Stateless; the returned network is initialised and NOT thread-safe.
 */
public final class LstmNetworkFactory {

  private static final Logger LOG = LoggerFactory.getLogger(LstmNetworkFactory.class);
  private static final AtomicBoolean THREADS_CONFIGURED = new AtomicBoolean();

  /** Output units: mean and log standard deviation of the normalised next return. */
  public static final int OUTPUTS = 2;

  private LstmNetworkFactory() {}

  /** Builds and initialises a network for {@code cfg}; weights are seeded by {@code cfg.seed()}. */
  public static MultiLayerNetwork create(ForecasterConfig cfg) {
    configureNativeThreads();
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(cfg.seed())
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(new Adam(cfg.learningRate() * cfg.batchSize() / cfg.refBatchSize()))
        .gradientNormalization(GradientNormalization.None)
        .list()
        .layer(new LastTimeStep(new LSTM.Builder()
            .nOut(cfg.hiddenSize())
            .activation(Activation.TANH)
            .build()))
        .layer(new OutputLayer.Builder(new GaussianNllLoss())
            .nOut(OUTPUTS)
            .activation(Activation.IDENTITY)
            .build())
        .setInputType(InputType.recurrent(ForecasterConfig.INPUTS, cfg.seqLength()))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /**
   * The seeded initial parameter vector of a fresh network for {@code cfg} (DL4J's XAVIER init,
   * flattened layout), a new array the caller owns: the learner owns plain arrays.
   *
   * <p>Every symbol of one config starts from the same seeded vector, so the network is built once
   * per shape and seed and the vector copied after that: building a DL4J network per new symbol
   * was the largest cost of a drain over 1,000 new symbols (the pipeline benchmark's profile).
   * Thread-safe.
   */
  public static float[] initialParams(ForecasterConfig cfg) {
    return sharedInitialParams(cfg).clone();
  }

  /**
   * The same vector as {@link #initialParams} without the copy: ONE array per shape and seed,
   * shared by every caller, which must never write to it (weight decay toward the init reads it
   * as its anchor, so a live model pays no memory for it, and a restored one only the first
   * network build of its shape and seed in this JVM). Thread-safe.
   */
  public static float[] sharedInitialParams(ForecasterConfig cfg) {
    InitKey key = new InitKey(cfg.hiddenSize(), cfg.seqLength(), cfg.seed());
    return INITIAL_PARAMS.computeIfAbsent(key, k -> create(cfg).params().toFloatVector());
  }

  /** What the initial parameters depend on: the layer shapes and the seed. */
  private record InitKey(int hiddenSize, int seqLength, long seed) {}

  /** One vector per shape and seed met in this JVM (a handful: the config and its shadows). */
  private static final Map<InitKey, float[]> INITIAL_PARAMS = new ConcurrentHashMap<>();

  /**
   * Pins ND4J's native op and BLAS thread pools to one thread, once per JVM. The networks are
   * tiny (tens of thousands of FLOPs per op) so thread hand-off costs more than it saves; measured
   * on the 2-core target, one thread was faster than two. Parallelism comes from running
   * independent symbols on separate stream threads instead. Process-wide by nature.
   */
  public static void configureNativeThreads() {
    if (!THREADS_CONFIGURED.compareAndSet(false, true)) {
      return;
    }
    try {
      Nd4j.getEnvironment().setMaxMasterThreads(1);
      Nd4j.getEnvironment().setMaxThreads(1);
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
      Nd4j.factory().blas().setMaxThreads(1);
    } catch (RuntimeException | LinkageError e) {
      // Still correct with more threads, only slower: log and carry on.
      LOG.warn("Could not pin ND4J to one thread; continuing with its defaults", e);
    }
  }
}
