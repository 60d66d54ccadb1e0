package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.fixtures.SyntheticBars;
import io.tickcast.model.training.HeadRefit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catch-up after a skill alarm (steps or refit): when it runs, how much, and what it leaves
 * alone.
 */
class CatchUpTest extends ModelTestBase {

  /** The defaults with the head refit off: the catch-up's steps. */
  private static final ForecasterConfig CFG = ForecasterConfig.defaults().toBuilder()
      .headRefit(HeadRefit.off()).build();

  @Test
  void shouldCatchUpOnlyAfterASkillAlarmTheMixHasAlreadyActedOn() {
    DriftMonitor.Signal skill = new DriftMonitor.Signal(true, -1, true);
    DriftMonitor.Signal error = new DriftMonitor.Signal(true, -1, false);
    DriftMonitor.Signal recovered = new DriftMonitor.Signal(false, 40, false);

    assertThat(CatchUp.wanted(skill, 0.05, false)).isTrue();
    // A second alarm while still recovering from the first: no extra steps or refit.
    assertThat(CatchUp.wanted(skill, 0.05, true)).isFalse();
    // The LSTM still leads the mix (real data's usual case): no extra steps or refit.
    assertThat(CatchUp.wanted(skill, CatchUp.MAX_LSTM_WEIGHT, false)).isFalse();
    assertThat(CatchUp.wanted(skill, 0.8, false)).isFalse();
    // The error test (volatility jumps, bursts) never triggers it, nor a quiet bar.
    assertThat(CatchUp.wanted(error, 0.05, false)).isFalse();
    assertThat(CatchUp.wanted(recovered, 0.05, false)).isFalse();
    assertThat(CatchUp.wanted(DriftMonitor.Signal.NONE, 0.0, false)).isFalse();
  }

  @Test
  void shouldTakeItsStepsDeterministicallyWithoutMovingTheRegularSchedule() {
    // Given two identical pipelines 120 labelled bars in, with one bar pending towards the next
    // regular step
    LstmExpert a = LstmExpert.fresh(CFG);
    LstmExpert b = LstmExpert.fresh(CFG);
    BarFeatures fa = labelled(120);
    BarFeatures fb = labelled(120);
    StepPolicy pa = StepPolicy.fresh(CFG);
    StepPolicy pb = StepPolicy.fresh(CFG);
    pa.labelled();
    pb.labelled();

    // When each catches up
    BarResult.ExtraSteps ranA = CatchUp.run(a, fa, pa, 3.0);
    BarResult.ExtraSteps ranB = CatchUp.run(b, fb, pb, 3.0);

    // Then each took exactly STEPS updates, the same ones (seeded draws), and the regular
    // schedule (pending count, batch size) is where it was
    assertThat(ranA.ran()).isTrue();
    assertThat(ranA.applied() + ranA.rolledBack()).isEqualTo(CatchUp.STEPS);
    assertThat(ranA.rolledBack()).isEqualTo((int) pa.guard().rollbacks());
    assertThat(ranB.applied()).isEqualTo(ranA.applied());
    assertThat(a.modelVersion()).isEqualTo(CatchUp.STEPS);
    assertThat(a.trainedExamples()).isEqualTo((long) CatchUp.STEPS * pa.batch());
    assertThat(a.learner().snapshot().params()).containsExactly(b.learner().snapshot().params());
    assertThat(pa.batch()).isEqualTo(CFG.batchSize());
    assertThat(pa.due()).isFalse();
    for (int i = 1; i < CFG.replay().every(); i++) {
      pa.labelled();
    }
    assertThat(pa.due()).isTrue();
  }

  @Test
  void shouldDrawEachExtraStepDifferentlyFromTheBarsRegularStep() {
    // Given a pipeline and a copy of it that takes the bar's regular step twice instead
    LstmExpert caught = LstmExpert.fresh(CFG);
    LstmExpert twice = LstmExpert.fresh(CFG);
    BarFeatures f = labelled(120);
    StepPolicy p = StepPolicy.fresh(CFG);
    StepPolicy q = StepPolicy.fresh(CFG);

    // When one catches up and the other repeats the regular draw as often
    CatchUp.run(caught, f, p, 1.0);
    for (int i = 0; i < CatchUp.STEPS; i++) {
      q.extraStepped(twice.train(f, q, 1.0, CatchUp.HORIZON));
    }
    assertThat(twice.modelVersion()).isEqualTo(caught.modelVersion());

    // Then they end up elsewhere: the catch-up does not replay one batch STEPS times
    assertThat(caught.learner().snapshot().params())
        .isNotEqualTo(twice.learner().snapshot().params());
  }

  @Test
  void shouldRefitTheHeadInsteadOfTheStepsUnlessSwitchedOff() {
    // Given one pipeline with the refit on (the default), one with it off
    for (HeadRefit refit : List.of(HeadRefit.defaults(), HeadRefit.off())) {
      ForecasterConfig cfg = CFG.toBuilder().headRefit(refit).build();
      LstmExpert lstm = LstmExpert.fresh(cfg);
      BarFeatures f = labelled(120);
      StepPolicy p = StepPolicy.fresh(cfg);

      // When it catches up
      BarResult.ExtraSteps ran = CatchUp.run(lstm, f, p, 3.0);

      // Then the refit is one update and no step, reported as a refit; off, the steps alone
      HeadRefit.Mode mode = refit.mode();
      int steps = mode == HeadRefit.Mode.INSTEAD ? 0 : CatchUp.STEPS;
      int refits = mode == HeadRefit.Mode.OFF ? 0 : 1;
      assertThat(ran.applied() + ran.rolledBack()).as("%s", mode).isEqualTo(steps);
      assertThat(ran.refits() + ran.refitsRefused()).as("%s", mode).isEqualTo(refits);
      assertThat(lstm.modelVersion()).as("%s", mode).isEqualTo(ran.applied() + ran.refits());
      assertThat(lstm.learner().iterationCount()).as("%s", mode)
          .isEqualTo(steps - ran.rolledBack());
      assertThat(lstm.trainedExamples()).as("%s", mode)
          .isEqualTo((long) (steps - ran.rolledBack()) * p.batch());
    }
  }

  @Test
  void shouldRespondOnlyToTheAlarmsItWants() {
    DriftMonitor.Signal skill = new DriftMonitor.Signal(true, -1, true);
    DriftMonitor.Signal error = new DriftMonitor.Signal(true, -1, false);

    // The catch-up's own gate, at the default (a refit, no step)
    assertThat(respond(skill, 0.05, false)).isEqualTo(1);
    assertThat(respond(skill, 0.8, false)).isZero();
    assertThat(respond(skill, 0.05, true)).isZero();
    assertThat(respond(error, 0.05, false)).isZero();
    assertThat(respond(DriftMonitor.Signal.NONE, 0.05, false)).isZero();
  }

  /** Model updates {@link CatchUp#respond} makes on a fresh pipeline; none may be a step. */
  private static long respond(DriftMonitor.Signal signal, double weight, boolean recovering) {
    ForecasterConfig cfg = CFG.toBuilder().headRefit(HeadRefit.defaults()).build();
    LstmExpert lstm = LstmExpert.fresh(cfg);
    BarResult.ExtraSteps ran = CatchUp.respond(lstm, labelled(120), StepPolicy.fresh(cfg), 3.0,
        signal, weight, recovering);
    assertThat(lstm.learner().iterationCount()).isZero();
    assertThat(ran.applied()).isZero();
    assertThat(ran.refits()).isEqualTo((int) lstm.modelVersion());
    return lstm.modelVersion();
  }

  @Test
  void shouldDoNothingWithoutALabelledSequence() {
    LstmExpert lstm = LstmExpert.fresh(CFG);

    assertThat(CatchUp.run(lstm, BarFeatures.fresh(CFG), StepPolicy.fresh(CFG), 3.0))
        .isEqualTo(BarResult.ExtraSteps.NONE);
    assertThat(lstm.modelVersion()).isZero();
  }

  /**
   * Features fed and labelled as the forecaster does, {@code n} bars of an AR(1), stopped where
   * a step runs: the newest sequence just labelled, the bar not yet folded in.
   */
  private static BarFeatures labelled(int n) {
    List<Bar> bars = SyntheticBars.ar1("CU", n + 2, 0.5, 0.002, 3);
    BarFeatures features = BarFeatures.fresh(CFG);
    features.accept(bars.get(0));
    for (Bar b : bars.subList(1, n + 1)) {
      double[] x = features.extract(b);
      features.label(x[0]);
      features.advance(b, x, x[0], new double[] {0.0});
    }
    features.label(features.extract(bars.get(n + 1))[0]);
    return features;
  }
}
