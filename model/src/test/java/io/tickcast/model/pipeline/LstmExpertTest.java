package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.training.FastSkip;
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
  void freshExpertsSkipIsTheLearnersWithoutBuildingIt() {
    // Given fresh experts with the skip off, on (θ from 0) and on with another initial θ
    for (FastSkip skip : new FastSkip[] {FastSkip.off(), FastSkip.defaults(),
        new FastSkip(true, 0.3, FastSkip.FORGETTING, 16)}) {
      LstmExpert e = LstmExpert.fresh(cfg.withFastSkip(skip));

      // When reading θ (the metrics do, every step), then no learner is built for it
      double before = e.skip();
      assertThat(e.built()).as("%s", skip).isFalse();

      // and it is the θ the learner starts from
      assertThat(before).as("%s", skip).isEqualTo(e.learner().skip())
          .isEqualTo(skip.on() ? skip.initial() : 0);
    }
  }

  @Test
  void lazilyBuiltLearnerEqualsAnEagerFreshOne() {
    Learner lazy = LstmExpert.fresh(cfg).learner();
    Learner eager = new Learner(cfg);

    assertThat(lazy.snapshot().params()).containsExactly(eager.snapshot().params());
    assertThat(lazy.modelVersion()).isEqualTo(eager.modelVersion());
  }
}
