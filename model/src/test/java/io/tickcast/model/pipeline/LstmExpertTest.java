package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.training.Learner;
import org.junit.jupiter.api.Test;

class LstmExpertTest {

  private final ForecasterConfig cfg = ForecasterConfig.defaults();

  @Test
  void freshExpertBuildsNoLearnerUntilUsed() {
    LstmExpert e = LstmExpert.fresh(cfg);

    e.resetOptimizer();
    assertThat(e.modelVersion()).isZero();
    assertThat(e.trainedExamples()).isZero();
    assertThat(e.built()).isFalse();

    Learner l = e.learner();
    assertThat(e.built()).isTrue();
    assertThat(e.learner()).isSameAs(l);
  }

  @Test
  void lazilyBuiltLearnerEqualsAnEagerFreshOne() {
    Learner lazy = LstmExpert.fresh(cfg).learner();
    Learner eager = new Learner(cfg);

    assertThat(lazy.snapshot().params()).containsExactly(eager.snapshot().params());
    assertThat(lazy.modelVersion()).isEqualTo(eager.modelVersion());
  }
}
