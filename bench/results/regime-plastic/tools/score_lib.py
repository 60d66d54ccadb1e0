#!/usr/bin/env python3
"""score(DIR, KINDS): misses on KINDS only (ALL = every kind), AR(5) LSTM cells, mean LSTM steady per kind."""
import csv, sys, os
def rec(v): return 10**9 if int(v) < 0 else int(v)
def score(d, kindarg):
    kinds = set(kindarg.split(',')) if kindarg != 'ALL' else None
    by = {}
    for r in csv.DictReader(open(os.path.join(d, 'scores.csv'))):
        if kinds and r['kind'] not in kinds: continue
        by[(r['kind'], r['seed'], r['predictor'])] = r
    fails = []; ar5 = []; st = {}
    for (kind, seed, p), r in sorted(by.items()):
        if p != 'model' or kind == 'GARCH': continue
        rls = by[(kind, seed, 'rls')]; pub = by[(kind, seed, 'model_pub')]
        for reg in ('recovery_r2', 'recovery_r3'):
            lim = min(600, 4 * max(rec(rls[reg]), 25)); v = rec(r[reg])
            plim = min(300, 2 * max(rec(rls[reg]), 25)); pv = rec(pub[reg])
            if v > lim: fails.append(f'lstm {kind} s{seed} {reg[-2:]} {v}>{lim}')
            if pv > plim: fails.append(f'pub {kind} s{seed} {reg[-2:]} {pv}>{plim}')
        if kind == 'AR5_MOMREV':
            ar5.append(f"s{seed} {r['recovery_r2'] if int(r['recovery_r2'])>=0 else 'never'}/{r['recovery_r3'] if int(r['recovery_r3'])>=0 else 'never'}")
        st.setdefault(kind, []).append(sum(float(r[k]) for k in ('steady_r1','steady_r2','steady_r3'))/3)
    return fails, ar5, {k: sum(v)/len(v) for k, v in st.items()}
