package io.tickcast.model.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.Learner;
import io.tickcast.model.training.TrainerSnapshot;
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
    byte[] bytes = ModelCodec.encode(cfg, trainer.snapshot(), new DivergenceGuard(0.5, 0.1, 12, 3, true));
    ModelCodec.Decoded decoded = ModelCodec.decode(bytes, cfg);
    Learner copy = Learner.restored(cfg, Learner.Backend.KERNEL, decoded.snapshot());
    assertThat(decoded.guard().rollbacks()).isEqualTo(3);
    assertThat(decoded.guard().lastRolledBack()).isTrue();
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
    // Given a trainer whose optimizer was reset after two steps, then stepped once more
    ForecasterConfig cfg = smallConfig();
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
    assertThat(copy.snapshot().momentOrigin()).isEqualTo(2);
    assertNextStepIdentical(copy, trainer);
  }

  @Test
  void shouldReadAVersion1RecordAsNeverReset() {
    // Given the first release's layout: the version-2 record without the 4-byte reset origin
    ForecasterConfig cfg = smallConfig();
    Learner trainer = new Learner(cfg);
    step(trainer, randomBatch(8, 8, 1));
    step(trainer, randomBatch(8, 8, 2));
    byte[] v2 = ModelCodec.encode(cfg, trainer.snapshot(), new DivergenceGuard(0.5, 0.1, 2, 0, false));
    byte[] v1 = version1(v2);

    // When it is decoded
    ModelCodec.Decoded decoded = ModelCodec.decode(v1, cfg);

    // Then everything restores exactly, with reset origin 0 (that release never restarted the clock)
    assertThat(decoded.snapshot()).usingRecursiveComparison().isEqualTo(trainer.snapshot());
    assertThat(decoded.snapshot().momentOrigin()).isZero();
    assertThat(decoded.guard().lossEma()).isEqualTo(0.5);
    assertNextStepIdentical(Learner.restored(cfg, Learner.Backend.KERNEL, decoded.snapshot()),
        trainer);
  }

  private static void assertNextStepIdentical(Learner copy, Learner original) {
    INDArray[] next = randomBatch(8, 8, 99);
    assertThat(step(copy, next)).usingRecursiveComparison().ignoringFields("nanos")
        .isEqualTo(step(original, next));
    assertThat(copy.snapshot().params()).containsExactly(original.snapshot().params());
  }

  /** Header (version, kind), T, H, F, iteration, then the origin this drops; CRC32 trailer. */
  private static byte[] version1(byte[] v2) {
    int origin = 2 + 4 * Integer.BYTES;
    byte[] body = new byte[v2.length - Integer.BYTES - 4];
    System.arraycopy(v2, 0, body, 0, origin);
    System.arraycopy(v2, origin + Integer.BYTES, body, origin, body.length - origin);
    body[0] = 1;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body);
    return java.nio.ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue())
        .array();
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
    byte[] bytes = ModelCodec.encode(cfg, trainer.snapshot(), new DivergenceGuard(0.5, 0.1, 12, 3, true));
    // params + two Adam moments in float32, plus a small header
    assertThat(bytes.length).isLessThan(12 * trainer.snapshot().params().length + 200);
  }
}
