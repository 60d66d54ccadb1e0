package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.fixtures.SyntheticBars;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.HeadRefit;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    // An error alarm: the error gate stays shut, the fast path (zero forecasts) is not ahead
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

  /** The refit on, with the error gate: first alarms, margin 0.3 on the newest 32, scale 2. */
  private static final HeadRefit GATED = new HeadRefit(HeadRefit.Mode.INSTEAD, 64, 0.3,
      HeadRefit.ErrorGate.FIRST, 0.3, 32, 2.0);

  @Test
  void shouldOpenTheErrorGateOnlyWhenTheFastPathIsAhead() {
    ForecasterConfig cfg = CFG.toBuilder().headRefit(GATED).build();
    DriftMonitor.Signal error = new DriftMonitor.Signal(true, -1, false);
    DriftMonitor.Signal skill = new DriftMonitor.Signal(true, -1, true);
    // Given a fresh LSTM and a fast path that forecast every newest label exactly
    BarFeatures ahead = features(120, 1.0, Fast.EXACT);

    // Then the first error alarm of a recovery refits, while the mix has left the LSTM
    assertThat(CatchUp.fastAhead(LstmExpert.fresh(cfg), ahead, GATED)).isTrue();
    assertThat(respond(cfg, ahead, error, 0.05, false)).isEqualTo(1);
    // but not while the LSTM still leads, nor mid-recovery (FIRST), nor on a quiet bar
    assertThat(respond(cfg, ahead, error, 0.5, false)).isZero();
    assertThat(respond(cfg, ahead, error, 0.05, true)).isZero();
    assertThat(respond(cfg, ahead, DriftMonitor.Signal.NONE, 0.05, false)).isZero();
    // and with the error gate OFF never an error alarm, however far ahead the fast path is
    HeadRefit off = new HeadRefit(HeadRefit.Mode.INSTEAD, 64, 0.3, HeadRefit.ErrorGate.OFF,
        0.3, 32, 2.0);
    assertThat(respond(CFG.toBuilder().headRefit(off).build(), ahead, error, 0.05, false))
        .isZero();
    // and with the refit switched off (the previous release's steps) no error alarm takes steps
    HeadRefit steps = new HeadRefit(HeadRefit.Mode.OFF, 64, 0.3, HeadRefit.ErrorGate.FIRST,
        0.3, 32, 2.0);
    ForecasterConfig stepsCfg = CFG.toBuilder().headRefit(steps).build();
    BarResult.ExtraSteps none = CatchUp.respond(LstmExpert.fresh(stepsCfg), ahead,
        StepPolicy.fresh(stepsCfg), 3.0, error, 0.05, false);
    assertThat(none).isEqualTo(BarResult.ExtraSteps.NONE);
    // while a skill alarm still takes them
    BarResult.ExtraSteps took = CatchUp.respond(LstmExpert.fresh(stepsCfg), ahead,
        StepPolicy.fresh(stepsCfg), 3.0, skill, 0.05, false);
    assertThat(took.applied() + took.rolledBack()).isPositive();
  }

  @Test
  void shouldSolveTheGatedRefitOnTheSequencesTheGateCompared() {
    // Given the same pipeline three times, the fast path ahead
    ForecasterConfig cfg = CFG.toBuilder().headRefit(GATED).build();
    BarFeatures f = features(120, 1.0, Fast.EXACT);
    LstmExpert gated = LstmExpert.fresh(cfg);
    LstmExpert onM = LstmExpert.fresh(cfg);
    LstmExpert onN = LstmExpert.fresh(cfg);

    // When an error alarm goes through the gate, and the others refit on M and on N
    BarResult.ExtraSteps ran = CatchUp.respond(gated, f, StepPolicy.fresh(cfg), 3.0,
        new DriftMonitor.Signal(true, -1, false), 0.05, false);
    assertThat(onM.refitHead(f, new HeadRefit(HeadRefit.Mode.INSTEAD, GATED.fastWindow(),
        GATED.ridge())).applied()).isTrue();
    assertThat(onN.refitHead(f, GATED).applied()).isTrue();

    // Then the gated refit is the one on the newest M (the newest N may hold the old regime)
    assertThat(ran.refits()).isEqualTo(1);
    assertThat(gated.learner().snapshot().params())
        .containsExactly(onM.learner().snapshot().params());
    assertThat(gated.learner().snapshot().params())
        .isNotEqualTo(onN.learner().snapshot().params());

    // And a skill alarm through the catch-up's own gate still solves on the newest N
    LstmExpert own = LstmExpert.fresh(cfg);
    CatchUp.respond(own, f, StepPolicy.fresh(cfg), 3.0,
        new DriftMonitor.Signal(true, -1, true), 0.05, false);
    assertThat(own.learner().snapshot().params())
        .containsExactly(onN.learner().snapshot().params());
  }

  @Test
  void shouldKeepTheErrorGateShutWhenAllErrorsRiseTogether() {
    ForecasterConfig cfg = CFG.toBuilder().headRefit(GATED).build();
    DriftMonitor.Signal error = new DriftMonitor.Signal(true, -1, false);
    // Given a fast path no better than the LSTM: both forecast (about) nothing, so a burst
    // raises both errors alike
    BarFeatures level = features(120, 1.0, Fast.NAIVE);
    CatchUp.Errors e = CatchUp.errors(LstmExpert.fresh(cfg), level, GATED.fastWindow());
    assertThat(e.fast() / e.lstm()).isBetween(0.7, 1.4);
    assertThat(respond(cfg, level, error, 0.05, false)).isZero();

    // And a fast path that is ahead, but on the newest labels of a volatility jump (×4): the
    // labels' scale is off, a refit would fit rescaled labels
    BarFeatures jump = features(120, 4.0, Fast.EXACT);
    assertThat(CatchUp.errors(LstmExpert.fresh(cfg), jump, GATED.fastWindow())
        .labelMeanSquare())
        .isGreaterThan(GATED.fastMaxScale());
    assertThat(CatchUp.fastAhead(LstmExpert.fresh(cfg), jump, GATED)).isFalse();
    assertThat(respond(cfg, jump, error, 0.05, false)).isZero();
    // With the scale unbounded it would open
    HeadRefit unbounded = new HeadRefit(HeadRefit.Mode.INSTEAD, 64, 0.3,
        HeadRefit.ErrorGate.FIRST, 0.3, 32, Double.POSITIVE_INFINITY);
    assertThat(CatchUp.fastAhead(LstmExpert.fresh(cfg), jump, unbounded)).isTrue();

    // And a flat stretch: the fast path's zero forecasts are exact, but there is nothing to fit
    BarFeatures flat = features(120, 0.0, Fast.EXACT);
    CatchUp.Errors f = CatchUp.errors(LstmExpert.fresh(cfg), flat, GATED.fastWindow());
    assertThat(f.fast()).isZero();
    assertThat(f.lstm()).isPositive();
    assertThat(f.labelVariance()).isLessThan(CatchUp.MIN_LABEL_VARIANCE);
    assertThat(f.labelMeanSquare()).isLessThanOrEqualTo(GATED.fastMaxScale());
    assertThat(CatchUp.fastAhead(LstmExpert.fresh(cfg), flat, GATED)).isFalse();
    assertThat(respond(cfg, flat, error, 0.05, false)).isZero();
  }

  @Test
  void shouldDecideTheSameAfterARestore() throws IOException {
    // Given a pipeline whose LSTM has taken some steps, and its stored state read back (without
    // the fast skip: with it, this LSTM already carries the linear forecast and is ahead at every
    // margin below, which would leave one of the two decisions untested)
    ForecasterConfig cfg = CFG.toBuilder().headRefit(GATED).fastSkip(FastSkip.off()).build();
    LstmExpert lstm = LstmExpert.fresh(cfg);
    BarFeatures f = features(120, 1.0, Fast.NOISY);
    StepPolicy p = StepPolicy.fresh(cfg);
    for (int i = 0; i < 6; i++) {
      p.stepped(lstm.train(f, p, 1.0, Integer.MAX_VALUE));
    }
    LstmExpert lstmBack = LstmExpert.restored(cfg, ModelCodec.decode(
        ModelCodec.encode(cfg, lstm.learner().snapshot(), new DivergenceGuard()), cfg)
        .snapshot());
    MapStateStore rows = new MapStateStore();
    f.writeAllRows(rows);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    f.writeTo(new DataOutputStream(bytes));
    BarFeatures fBack = BarFeatures.readFrom(new DataInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray())), cfg, f.barsSeen(),
        f.lastEndMs(), rows);

    // Then the gate reads exactly the same errors, so it takes the same decision
    CatchUp.Errors before = CatchUp.errors(lstm, f, GATED.fastWindow());
    assertThat(before).isNotNull();
    assertThat(CatchUp.errors(lstmBack, fBack, GATED.fastWindow())).isEqualTo(before);
    java.util.Set<Boolean> decisions = new java.util.HashSet<>();
    for (double margin : new double[] {0.0, 0.3, 0.6, 0.9}) {
      HeadRefit how = new HeadRefit(HeadRefit.Mode.INSTEAD, 64, 0.3, HeadRefit.ErrorGate.FIRST,
          margin, 32, 2.0);
      boolean ahead = CatchUp.fastAhead(lstm, f, how);
      decisions.add(ahead);
      assertThat(CatchUp.fastAhead(lstmBack, fBack, how)).as("margin %s", margin)
          .isEqualTo(ahead);
    }
    // (the margins span both decisions, so the comparison above is not vacuous)
    assertThat(decisions).containsExactlyInAnyOrder(true, false);
  }

  /** Refits {@link CatchUp#respond} makes on a fresh LSTM over {@code f}; never a step. */
  private static long respond(ForecasterConfig cfg, BarFeatures f, DriftMonitor.Signal signal,
      double weight, boolean recovering) {
    LstmExpert lstm = LstmExpert.fresh(cfg);
    BarResult.ExtraSteps ran = CatchUp.respond(lstm, f, StepPolicy.fresh(cfg), 3.0, signal,
        weight, recovering);
    assertThat(ran.applied() + ran.rolledBack()).isZero();
    return ran.refits() + ran.refitsRefused();
  }

  /** What the fast path forecast for each next return. */
  private enum Fast { EXACT, NAIVE, NOISY }

  /**
   * As {@link #labelled}, with the fast path's forecast of each next return as given, and the
   * last 20 bars' volatility scaled by {@code jump}.
   */
  private static BarFeatures features(int n, double jump, Fast fast) {
    Random rnd = new Random(7);
    List<Bar> bars = new ArrayList<>();
    double close = 100.0;
    double r = 0;
    for (int i = 0; i < n + 2; i++) {
      double vol = i >= n - 20 ? 0.002 * jump : 0.002;
      // jump 0: a flat stretch (no trade moves the price) over the last 40 bars
      r = jump == 0 && i >= n - 40 ? 0 : 0.5 * r + vol * Math.sqrt(0.75) * rnd.nextGaussian();
      bars.add(SyntheticBars.bar("CU", i, close, r, vol, rnd));
      close = bars.get(i).close();
    }
    BarFeatures features = BarFeatures.fresh(CFG);
    features.accept(bars.get(0));
    for (int i = 1; i <= n; i++) {
      Bar b = bars.get(i);
      double[] x = features.extract(b);
      features.label(x[0]);
      double next = Math.log(bars.get(i + 1).close() / b.close());
      double f = switch (fast) {
        case EXACT -> next;
        case NAIVE -> 0.0;
        case NOISY -> next + 0.002 * rnd.nextGaussian();
      };
      features.advance(b, x, x[0], new double[] {f});
    }
    features.label(features.extract(bars.get(n + 1))[0]);
    return features;
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
