#!/usr/bin/env python3
"""Per-seed check of the issue-10 targets from a regime-suite scores.csv (+ table.md real rows)."""
import csv, sys, os, re
d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, 'scores.csv'))))
by = {}
for r in rows:
    by[(r['kind'], r['seed'], r['predictor'])] = r
def rec(v): return 10**9 if int(v) < 0 else int(v)
fails = []
out = []
for (kind, seed, p), r in sorted(by.items()):
    if p != 'model' or kind == 'GARCH': continue
    rls = by[(kind, seed, 'rls')]; pub = by[(kind, seed, 'model_pub')]
    cells = []
    for reg in ('recovery_r2', 'recovery_r3'):
        lim = min(600, 4 * max(rec(rls[reg]), 25)); v = rec(r[reg])
        plim = min(300, 2 * max(rec(rls[reg]), 25)); pv = rec(pub[reg])
        ok = v <= lim; pok = pv <= plim
        if not ok: fails.append(f'lstm {kind} s{seed} {reg[-2:]} {v}>{lim}')
        if not pok: fails.append(f'pub {kind} s{seed} {reg[-2:]} {pv}>{plim}')
        cells.append(f"{v if v<10**9 else 'never'}{'' if ok else '!'}/{lim} pub {pv if pv<10**9 else 'never'}{'' if pok else '!'}")
    st = min(float(r['steady_r1']), float(r['steady_r2']), float(r['steady_r3']))
    pst = min(float(pub['steady_r1']), float(pub['steady_r2']), float(pub['steady_r3']))
    out.append(f"{kind:15s} s{seed} lstm/pub R2 {cells[0]:28s} R3 {cells[1]:28s} steady lstm {st:.2f} pub {pst:.2f}")
print('\n'.join(out))
t = open(os.path.join(d, 'table.md')).read()
for line in t.splitlines():
    if re.search(r'\| (rls|model|model_pub) \|', line) and ('sp500' in line or 'bitstamp' in line):
        print(line)
print('FAILS:', len(fails)); print('\n'.join(fails))
# robust summary: geometric mean of LSTM recovery / max(RLS,25) over kinds x seeds x shifts
import math
rs=[]; ps=[]; st=[]
for (kind, seed, p), r in by.items():
    if p != 'model' or kind == 'GARCH': continue
    rls = by[(kind, seed, 'rls')]; pub = by[(kind, seed, 'model_pub')]
    for reg in ('recovery_r2','recovery_r3'):
        v=rec(r[reg]); base=max(rec(rls[reg]),25)
        rs.append(math.log(min(max(v,5),3000)/base))
        ps.append(math.log(min(max(rec(pub[reg]),5),3000)/base))
    st.append(sum(float(r[k]) for k in ('steady_r1','steady_r2','steady_r3'))/3)
print('geo-mean lstm/RLS %.2f  pub/RLS %.2f  mean lstm steady %.3f' % (math.exp(sum(rs)/len(rs)), math.exp(sum(ps)/len(ps)), sum(st)/len(st)))
