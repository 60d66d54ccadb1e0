package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelAdapterTest {

  @AfterEach
  void clearKnobs() {
    System.clearProperty("regime.model.hidden");
    System.clearProperty("regime.model.seqLength");
    System.clearProperty("regime.model.seed");
  }

  @Test
  void shouldKeepTheDefaultShapeWithoutKnobs() {
    ForecasterConfig cfg = ModelAdapter.experiment(ForecasterConfig.defaults());
    assertThat(cfg.hiddenSize()).isEqualTo(ForecasterConfig.defaults().hiddenSize());
    assertThat(cfg.seqLength()).isEqualTo(ForecasterConfig.defaults().seqLength());
    assertThat(cfg.seed()).isEqualTo(ForecasterConfig.defaults().seed());
  }

  @Test
  void shouldTakeTheInitialisationSeedFromItsKnob() {
    System.setProperty("regime.model.seed", "43");
    assertThat(ModelAdapter.experiment(ForecasterConfig.defaults()).seed()).isEqualTo(43L);
  }

  @Test
  void shouldTakeHiddenSizeAndSeqLengthFromTheCapacityKnobs() {
    System.setProperty("regime.model.hidden", "16");
    System.setProperty("regime.model.seqLength", "12");
    ForecasterConfig cfg = ModelAdapter.experiment(ForecasterConfig.defaults());
    assertThat(cfg.hiddenSize()).isEqualTo(16);
    assertThat(cfg.seqLength()).isEqualTo(12);
  }
}
