#!/usr/bin/env python3
"""Held-out kinds: published and LSTM MSE/naive (mean over suite seeds 1-3) per kind, candidate vs
main, from the suite's table.md. Usage: python3 robust.py MAIN_DIR CAND_DIR"""
import re, sys
def read(d):
    out = {}
    for line in open(f'{d}/table.md'):
        m = re.match(r'\| ([A-Z0-9_]+) \| (model|model_pub) \| ([0-9.]+) \(([0-9.]+)\) \|(.*)', line)
        if m:
            cols = [c.strip() for c in m.group(5).split('|')]
            out[(m.group(1), m.group(2))] = (float(m.group(3)), float(m.group(4)), cols)
    return out
a, b = read(sys.argv[1]), read(sys.argv[2])
print('| kind | pub MSE/naive main → cand (Δ) | LSTM MSE/naive main → cand | pub rec main → cand | rollbacks pub main → cand |')
print('|---|---|---|---|---|')
worst = 0
for k in sorted({k for k, _ in a}):
    if (k, 'model_pub') not in b: continue
    pa, pb = a[(k, 'model_pub')], b[(k, 'model_pub')]
    la, lb = a.get((k, 'model')), b.get((k, 'model'))
    d = pb[0] - pa[0]; worst = max(worst, d)
    print(f'| {k} | {pa[0]:.4f} → {pb[0]:.4f} ({d:+.4f}) | {la[0]:.4f} → {lb[0]:.4f} | {pa[2][1]} → {pb[2][1]} | {pa[2][6]} → {pb[2][6]} |')
print(f'\nlargest published MSE/naive increase: {worst:+.4f} (rule: ≤ +0.002)')
