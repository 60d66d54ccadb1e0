#!/usr/bin/env python3
"""Branch remix: missed issue-10 targets per forecaster seed, candidate vs main, restricted to the
kinds the candidate ran (per-kind rows do not depend on which kinds a run includes).
Usage: bench/regime-remix-compare.py CANDIDATE_DIR [SEEDS...]  (CANDIDATE_DIR/seed<N>[-x])
Main's reference: seed 42 regime-badtick/main and regime-capacity/base-x, 43-47 regime-capacity/seed<N>[-x]."""
import csv, os, sys
R = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'results')
def ref(seed, x):
    if seed == 42:
        return os.path.join(R, 'regime-capacity/base-x' if x else 'regime-badtick/main')
    return os.path.join(R, f'regime-capacity/seed{seed}' + ('-x' if x else ''))
def rec(v): return 10**9 if int(v) < 0 else int(v)
def load(d):
    return {(r['kind'], r['seed'], r['predictor']): r for r in csv.DictReader(open(os.path.join(d, 'scores.csv')))}
def misses(by, kinds):
    f = []
    for (kind, seed, p), r in sorted(by.items()):
        if p != 'model' or kind == 'GARCH' or kind not in kinds: continue
        rls = by[(kind, seed, 'rls')]; pub = by[(kind, seed, 'model_pub')]
        for reg in ('recovery_r2', 'recovery_r3'):
            lim = min(600, 4 * max(rec(rls[reg]), 25)); plim = min(300, 2 * max(rec(rls[reg]), 25))
            if rec(r[reg]) > lim: f.append(f'lstm {kind} s{seed} {reg[-2:]} {rec(r[reg])}>{lim}')
            if rec(pub[reg]) > plim: f.append(f'pub {kind} s{seed} {reg[-2:]} {rec(pub[reg])}>{plim}')
    return f
def steady(by, kind, pred):
    v = [float(r[k]) for (k_, s, p), r in by.items() if k_ == kind and p == pred for k in ('steady_r1','steady_r2','steady_r3')]
    return sum(v) / len(v) if v else float('nan')
cand = sys.argv[1]; seeds = [int(s) for s in sys.argv[2:]] or [42, 43, 44, 45, 46, 47]
tot = {'a': [0, 0], 'x': [0, 0]}; better = 0; rows = []
for s in seeds:
    line = [str(s)]; comb = [0, 0]
    for x in (False, True):
        cd = os.path.join(cand, f'seed{s}' + ('-x' if x else ''))
        if not os.path.exists(os.path.join(cd, 'scores.csv')):
            line.append('n/a'); continue
        c = load(cd); kinds = {k for (k, _, _) in c}
        m = load(ref(s, x))
        fc, fm = misses(c, kinds), misses(m, kinds)
        key = 'x' if x else 'a'; tot[key][0] += len(fm); tot[key][1] += len(fc)
        comb[0] += len(fm); comb[1] += len(fc)
        cell = lambda x: x.rsplit(' ', 1)[0]
        kc, km = {cell(x): x for x in fc}, {cell(x): x for x in fm}
        new = sorted(kc[k] for k in kc if k not in km); gone = sorted(km[k] for k in km if k not in kc)
        moved = sorted(f'{km[k]} -> {kc[k].rsplit(" ", 1)[1]}' for k in kc if k in km and kc[k] != km[k])
        line.append(f'{len(fm)} → {len(fc)}')
        rows.append(f'  seed {s}{"-x" if x else ""}: new {new}; gone {gone}; moved {moved}')
        if not x:
            line.append(f'thr lstm steady {steady(m, "THRESHOLD_FLIP", "model"):.3f} → {steady(c, "THRESHOLD_FLIP", "model"):.3f}')
    better += comb[1] <= comb[0]
    print(' | '.join(line))
n = len(seeds)
print(f"mean misses seeds 1-3: main {tot['a'][0]/n:.2f} cand {tot['a'][1]/n:.2f}; 6-11: main {tot['x'][0]/n:.2f} cand {tot['x'][1]/n:.2f}; combined <= main at {better}/{n} seeds")
print('\n'.join(rows))
