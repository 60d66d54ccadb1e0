#!/usr/bin/env python3
"""Held-out kinds: per kind, mean over seeds of LSTM (model) and published (model_pub) efficiency,
worst recovery and QLIKE excess, for several robust.csv folders side by side."""
import csv, sys, os
from collections import defaultdict
dirs = sys.argv[1:]
data = {}
for d in dirs:
    t = defaultdict(list)
    for r in csv.DictReader(open(os.path.join(d, 'robust.csv'))):
        if r['predictor'] in ('model', 'model_pub'):
            t[(r['kind'], r['predictor'])].append(r)
    data[d] = t
kinds = sorted({k for k, _ in data[dirs[0]]})
def f(rows, col):
    v = [float(r[col]) for r in rows if r[col] not in ('NaN', '')]
    return sum(v) / len(v) if v else float('nan')
def w(rows):
    v = [int(r['worst_recovery']) for r in rows]
    return '/'.join('never' if x == -1 else ('-' if x == -2 else str(x)) for x in v)
print('| kind | predictor | ' + ' | '.join(os.path.basename(d.rstrip('/')) + ' eff / MSE ratio / worst rec / QLIKE exc' for d in dirs) + ' |')
print('|---|---|' + '---|' * len(dirs))
for k in kinds:
    for p in ('model', 'model_pub'):
        cells = []
        for d in dirs:
            rows = data[d][(k, p)]
            cells.append('%.3f / %.5f / %s / %.4f' % (f(rows, 'efficiency'), f(rows, 'mse_ratio'), w(rows), f(rows, 'qlike_excess')))
        print(f'| {k} | {p} | ' + ' | '.join(cells) + ' |')
