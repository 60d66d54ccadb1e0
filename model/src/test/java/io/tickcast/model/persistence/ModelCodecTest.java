package io.tickcast.model.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.Learner;
import io.tickcast.model.training.TrainerSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelCodecTest extends ModelTestBase {

  @Test
  void shouldRoundTripParamsUpdaterAndCounters() {
    // Given a trainer after three steps
    ForecasterConfig cfg = smallConfig();
    Learner trainer = new Learner(cfg);
    for (int s = 0; s < 3; s++) {
      step(trainer, randomBatch(8, 8, s));
    }

    // When its snapshot is encoded and loaded into a fresh trainer
    byte[] bytes = ModelCodec.encode(cfg, trainer.snapshot(), new DivergenceGuard(0.5, 0.1, 12, 3, 20));
    ModelCodec.Decoded decoded = ModelCodec.decode(bytes, cfg);
    Learner copy = Learner.restored(cfg, Learner.Backend.KERNEL, decoded.snapshot());
    assertThat(decoded.guard().rollbacks()).isEqualTo(3);
    assertThat(decoded.guard().lastRolledBack()).isTrue();
    assertThat(decoded.guard().refusedInARow()).isEqualTo(20);
    assertThat(decoded.guard().lossEma()).isEqualTo(0.5);

    // Then params, Adam state and counters are equal
    assertThat(copy.snapshot()).usingRecursiveComparison().isEqualTo(trainer.snapshot());
    assertThat(copy.iterationCount()).isEqualTo(3);
    assertThat(copy.modelVersion()).isEqualTo(3);
    assertThat(copy.trainedExamples()).isEqualTo(24);
    assertThat(copy.noiseScale()).isEqualTo(trainer.noiseScale());
    assertThat(copy.nextLearningRate()).isEqualTo(trainer.nextLearningRate());

    // and the next step is identical
    assertNextStepIdentical(copy, trainer);
  }

  @Test
  void shouldRoundTripTheOptimizerResetClockExactly() {
    // Given a trainer without the fast skip whose optimizer was reset after two steps, then
    // stepped once more
    ForecasterConfig cfg = smallConfig().withFastSkip(FastSkip.off());
    Learner trainer = new Learner(cfg);
    step(trainer, randomBatch(8, 8, 1));
    step(trainer, randomBatch(8, 8, 2));
    trainer.resetOptimizer();
    step(trainer, randomBatch(8, 8, 3));

    // When it is encoded and restored
    byte[] bytes = ModelCodec.encode(cfg, trainer.snapshot(), new DivergenceGuard());
    Learner copy = Learner.restored(cfg, Learner.Backend.KERNEL,
        ModelCodec.decode(bytes, cfg).snapshot());

    // Then the reset origin survives and the next step is identical
    assertThat(bytes[0]).isEqualTo((byte) 2);
    assertThat(bytes).hasSize(2 + ModelCodec.payloadSize(trainer.snapshot(), true, false) + 4);
    assertThat(copy.snapshot().momentOrigin()).isEqualTo(2);
    assertNextStepIdentical(copy, trainer);
  }

  @Test
  void shouldMigrateTheFirstReleasesModelToTheWiderInputComputingTheSameFunction()
      throws IOException {
    // Given a model record written by the first release (version 1, F=5 inputs, no reset origin)
    byte[] v1;
    try (InputStream in = getClass().getResourceAsStream("/v1/state-239a6ee.txt")) {
      String line = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
          .filter(l -> l.startsWith("model=")).findFirst().orElseThrow();
      v1 = Base64.getDecoder().decode(line.substring("model=".length()));
    }
    assertThat(v1[0]).as("fixture format version").isEqualTo((byte) 1);
    ForecasterConfig cfg = smallConfig();
    int h = cfg.hiddenSize();
    int f5 = ForecasterConfig.FEATURES;
    int f6 = ForecasterConfig.INPUTS;
    // The fixture's own F=5 parameters, read straight from its layout (after the 70-byte header:
    // version, kind, T, H, F, iteration, 3 longs, 2 doubles, 1 long, then the float array)
    java.nio.ByteBuffer raw = java.nio.ByteBuffer.wrap(v1);
    assertThat(raw.getInt(10)).as("fixture input width").isEqualTo(f5);
    int n5 = raw.getInt(2 + 3 * 4 + 4 + 3 * 8 + 2 * 8 + 8);
    float[] old = new float[n5];
    int at = 2 + 3 * 4 + 4 + 3 * 8 + 2 * 8 + 8 + 4;
    for (int i = 0; i < n5; i++) {
      old[i] = raw.getFloat(at + 4 * i);
    }

    // When this release decodes it
    ModelCodec.Decoded decoded = ModelCodec.decode(v1, cfg);
    TrainerSnapshot s = decoded.snapshot();

    // Then the new input's weights and Adam moments are zero and everything else is the old model
    float[] p = s.params();
    assertThat(p).hasSize(LstmKernel.numParams(f6, h));
    float[] m = s.updaterState();
    for (int j = 0; j < 4 * h; j++) {
      for (int k = f5; k < f6; k++) {
        assertThat(p[j * f6 + k]).isZero();
        assertThat(m[j * f6 + k]).isZero();
        assertThat(m[p.length + j * f6 + k]).isZero();
      }
    }
    // and, whatever the new input holds, the network computes exactly the old network's outputs
    LstmKernel before = new LstmKernel(f5, h);
    before.setParams(old);
    LstmKernel after = new LstmKernel(f6, h);
    after.setParams(p);
    java.util.Random rnd = new java.util.Random(7);
    int t = cfg.seqLength();
    float[] x5 = new float[3 * f5 * t];
    float[] x6 = new float[3 * f6 * t];
    for (int e = 0; e < 3; e++) {
      for (int f = 0; f < f6; f++) {
        for (int k = 0; k < t; k++) {
          float v = (float) rnd.nextGaussian();
          x6[e * f6 * t + f * t + k] = v;
          if (f < f5) {
            x5[e * f5 * t + f * t + k] = v;
          }
        }
      }
    }
    float[] out5 = new float[3 * LstmKernel.OUTPUTS];
    float[] out6 = new float[3 * LstmKernel.OUTPUTS];
    before.output(x5, 0, 3, t, out5);
    after.output(x6, 0, 3, t, out6);
    assertThat(out6).containsExactly(out5);
    // and it is written back in the current width, which decodes to the same snapshot
    byte[] again = ModelCodec.encode(cfg, s, decoded.guard());
    assertThat(java.nio.ByteBuffer.wrap(again).getInt(10)).isEqualTo(f6);
    assertThat(ModelCodec.decode(again, cfg).snapshot()).usingRecursiveComparison().isEqualTo(s);
    assertThat(s.momentOrigin()).isZero();
  }

  private static void assertNextStepIdentical(Learner copy, Learner original) {
    INDArray[] next = randomBatch(8, 8, 99);
    assertThat(step(copy, next)).usingRecursiveComparison().ignoringFields("nanos")
        .isEqualTo(step(original, next));
    assertThat(copy.snapshot().params()).containsExactly(original.snapshot().params());
  }

  @Test
  void shouldRejectArchitectureMismatchAndCorruption() {
    ForecasterConfig cfg = smallConfig();
    TrainerSnapshot snapshot = new Learner(cfg).snapshot();
    byte[] bytes = ModelCodec.encode(cfg, snapshot, new DivergenceGuard());

    assertThatThrownBy(() -> ModelCodec.decode(bytes, cfg.withSeqLength(16)))
        .isInstanceOf(ModelException.class).hasMessageContaining("T=8");
    byte[] versioned = bytes.clone();
    versioned[0] = 99;
    assertThatThrownBy(() -> ModelCodec.decode(versioned, cfg))
        .isInstanceOf(ModelException.class).hasMessageContaining("version");
    byte[] flipped = bytes.clone();
    flipped[40] ^= 1;
    assertThatThrownBy(() -> ModelCodec.decode(flipped, cfg))
        .isInstanceOf(ModelException.class).hasMessageContaining("checksum");
    assertThatThrownBy(() -> ModelCodec.decode(null, cfg)).isInstanceOf(ModelException.class);
  }

  @Test
  void shouldRejectSnapshotOfAnotherSize() {
    ForecasterConfig cfg = smallConfig();
    Learner trainer = new Learner(cfg);
    TrainerSnapshot s = trainer.snapshot();
    TrainerSnapshot shortened = new TrainerSnapshot(java.util.Arrays.copyOf(s.params(), 10),
        s.updaterState(), 0, 0, 0, 0, 0, 0, 0);
    assertThatThrownBy(() -> trainer.restore(shortened)).isInstanceOf(ModelException.class)
        .hasMessageContaining("parameters");
  }

  @Test
  void shouldStayCompact() {
    ForecasterConfig cfg = ForecasterConfig.defaults();
    Learner trainer = new Learner(cfg);
    byte[] bytes = ModelCodec.encode(cfg, trainer.snapshot(), new DivergenceGuard(0.5, 0.1, 12, 3, 20));
    // params + two Adam moments in float32, plus a small header
    assertThat(bytes.length).isLessThan(12 * trainer.snapshot().params().length + 200);
    // the size is known before writing (one buffer, no copy): the hint must be exact; at the
    // defaults (the fast skip with the network's gain) that is version 4, with θ, P, g and Q
    assertThat(bytes[0]).isEqualTo((byte) 4);
    assertThat(bytes).hasSize(2 + ModelCodec.payloadSize(trainer.snapshot(), true, true) + 4);
    // without the gain, version 3 (θ, P); without the skip, the first release's layout
    ForecasterConfig noGain = cfg.withFastSkip(FastSkip.defaults().withGainForgetting(0));
    byte[] v3 = ModelCodec.encode(noGain, new Learner(noGain).snapshot(), new DivergenceGuard());
    assertThat(v3[0]).isEqualTo((byte) 3);
    assertThat(v3).hasSize(bytes.length - 2 * Double.BYTES);
    ForecasterConfig alone = cfg.withFastSkip(FastSkip.off());
    byte[] v1 = ModelCodec.encode(alone, new Learner(alone).snapshot(), new DivergenceGuard());
    assertThat(v1[0]).isEqualTo((byte) 1);
    assertThat(v1).hasSize(v3.length - 4 - 1 - 2 * Double.BYTES);
  }
}
