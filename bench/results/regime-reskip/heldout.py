#!/usr/bin/env python3
"""Held-out suite seeds 4-5: misses and the cells that moved, candidate vs main (same forecaster seed).
Usage: python3 heldout.py MAIN_DIR CAND_DIR"""
import csv, sys
def rec(v): return 10**9 if int(v) < 0 else int(v)
def cells(d):
    by = {(r['kind'], r['seed'], r['predictor']): r for r in csv.DictReader(open(f'{d}/scores.csv')) if r['seed'] in ('4', '5')}
    out, st = {}, []
    for (k, s, p), r in by.items():
        if p != 'model' or k == 'GARCH': continue
        rls, pub = by[(k, s, 'rls')], by[(k, s, 'model_pub')]
        for reg in ('recovery_r2', 'recovery_r3'):
            b = max(rec(rls[reg]), 25)
            out[('L', k, s, reg[-2:])] = (rec(r[reg]), min(600, 4 * b))
            out[('P', k, s, reg[-2:])] = (rec(pub[reg]), min(300, 2 * b))
        st.append(sum(float(r[x]) for x in ('steady_r1', 'steady_r2', 'steady_r3')) / 3)
    return out, sum(st) / len(st)
(a, sa), (b, sb) = cells(sys.argv[1]), cells(sys.argv[2])
f = lambda v: 'never' if v >= 10**9 else str(v)
ma = [k for k in a if a[k][0] > a[k][1]]; mb = [k for k in b if b[k][0] > b[k][1]]
print(f'misses seeds 4-5: main {len(ma)} (LSTM {sum(k[0]=="L" for k in ma)}), candidate {len(mb)} (LSTM {sum(k[0]=="L" for k in mb)}); mean LSTM steady {sa:.3f} -> {sb:.3f}')
for k in sorted(set(ma) | set(mb)):
    tag = 'both' if k in ma and k in mb else ('fixed' if k in ma else 'NEW')
    print(f'- {tag}: {k[0]} {k[1]} s{k[2]} {k[3].upper()} {f(a[k][0])} -> {f(b[k][0])} (limit {b[k][1]})')
