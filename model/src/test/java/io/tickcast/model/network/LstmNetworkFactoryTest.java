package io.tickcast.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.training.LinearWarmupSchedule;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

class LstmNetworkFactoryTest extends ModelTestBase {

  @Test
  void shouldOutputMeanAndLogSigmaForOneSequence() {
    // Given the default network
    ForecasterConfig cfg = ForecasterConfig.defaults();
    MultiLayerNetwork net = LstmNetworkFactory.create(cfg);

    // When one [1, F, T] sequence is fed
    INDArray x = randomBatch(1, cfg.seqLength(), 1)[0];
    INDArray out = net.output(x, false);

    // Then there are two outputs for the one example, in float32
    assertThat(out.shape()).containsExactly(1, LstmNetworkFactory.OUTPUTS);
    assertThat(out.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(net.params().dataType()).isEqualTo(DataType.FLOAT);
  }

  @Test
  void shouldBuildSeededLstmWithLastTimeStepAndGaussianHead() {
    // Given a small configuration
    ForecasterConfig cfg = smallConfig();

    // When two networks are built from it
    MultiLayerNetwork a = LstmNetworkFactory.create(cfg);
    MultiLayerNetwork b = LstmNetworkFactory.create(cfg);

    // Then they are identical (seeded) and have the documented architecture
    assertThat(a.params()).isEqualTo(b.params());
    assertThat(a.getLayerWiseConfigurations().getConf(0).getLayer())
        .isInstanceOf(LastTimeStep.class);
    LastTimeStep wrapper = (LastTimeStep) a.getLayerWiseConfigurations().getConf(0).getLayer();
    assertThat(wrapper.getUnderlying()).isExactlyInstanceOf(LSTM.class);
    assertThat(((LSTM) wrapper.getUnderlying()).getNOut()).isEqualTo(cfg.hiddenSize());
    assertThat(((LSTM) wrapper.getUnderlying()).getNIn()).isEqualTo(ForecasterConfig.INPUTS);
    OutputLayer head = (OutputLayer) a.getLayerWiseConfigurations().getConf(1).getLayer();
    assertThat(head.getLossFn()).isInstanceOf(GaussianNllLoss.class);
    assertThat(head.getIUpdater()).isInstanceOf(Adam.class);
    // 4 gates x (input + recurrent weights + bias) + dense head
    int h = cfg.hiddenSize();
    long expected = 4L * h * (ForecasterConfig.INPUTS + h) + 4L * h + (h + 1L) * 2;
    assertThat(a.numParams()).isEqualTo(expected);
  }

  @Test
  void shouldDifferWithAnotherSeed() {
    ForecasterConfig cfg = smallConfig();
    ForecasterConfig other = new ForecasterConfig(cfg.seqLength(), cfg.hiddenSize(),
        cfg.batchSize(), cfg.refBatchSize(), cfg.learningRate(), cfg.warmupUpdates(),
        cfg.clipNorm(), cfg.microBatches(), cfg.normHalfLifeBars(), cfg.evalWindow(),
        cfg.gateMinSkill(), cfg.gateMinScored(), cfg.ewmaReturnAlpha(), cfg.riskMetricsLambda(),
        cfg.seed() + 1);
    assertThat(LstmNetworkFactory.create(cfg).params())
        .isNotEqualTo(LstmNetworkFactory.create(other).params());
  }

  @Test
  void initialParamsAreTheSeededNetworksAndEachCallerOwnsItsCopy() {
    ForecasterConfig cfg = smallConfig();
    float[] first = LstmNetworkFactory.initialParams(cfg);
    assertThat(first).containsExactly(LstmNetworkFactory.create(cfg).params().toFloatVector());
    first[0] += 1f; // a learner trains its own array in place
    float[] second = LstmNetworkFactory.initialParams(cfg);
    assertThat(second).isNotSameAs(first).containsExactly(LstmNetworkFactory.create(cfg).params().toFloatVector());
    ForecasterConfig other = new ForecasterConfig(cfg.seqLength(), cfg.hiddenSize(),
        cfg.batchSize(), cfg.refBatchSize(), cfg.learningRate(), cfg.warmupUpdates(),
        cfg.clipNorm(), cfg.microBatches(), cfg.normHalfLifeBars(), cfg.evalWindow(),
        cfg.gateMinSkill(), cfg.gateMinScored(), cfg.ewmaReturnAlpha(), cfg.riskMetricsLambda(),
        cfg.seed() + 1);
    assertThat(LstmNetworkFactory.initialParams(other)).isNotEqualTo(second);
  }

  @Test
  void shouldScaleLearningRateLinearlyWithWarmUp() {
    // Given lr_ref 1e-3 at B_ref 16, B 32, warm-up 4
    ForecasterConfig cfg = ForecasterConfig.defaults().withLearningRate(1e-3).withBatchSize(32);
    LinearWarmupSchedule s = new LinearWarmupSchedule(LinearWarmupSchedule.of(cfg).peak(), 4);

    // Then the peak doubles and the first updates ramp up to it
    assertThat(LinearWarmupSchedule.of(cfg).peak()).isEqualTo(2e-3);
    assertThat(s.rate(0, 1.0)).isEqualTo(0.5e-3);
    assertThat(s.rate(3, 1.0)).isEqualTo(2e-3);
    assertThat(s.rate(100, 1.0)).isEqualTo(2e-3);
  }
}
