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
    INDArray[] next = randomBatch(8, 8, 99);
    assertThat(step(copy, next)).usingRecursiveComparison().ignoringFields("nanos")
        .isEqualTo(step(trainer, next));
    assertThat(copy.snapshot().params()).containsExactly(trainer.snapshot().params());
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
