#!/usr/bin/env python3
"""robust.py MAINDIR VARDIR : published (model_pub) MSE/naive per held-out kind, variant − main."""
import sys, re
def pub(d):
    out = {}
    for line in open(d + '/table.md'):
        m = re.match(r'\| (\w+) \| (model_pub|model) \| ([\d.]+) \(', line)
        if m: out[(m.group(1), m.group(2))] = float(m.group(3))
    return out
a, b = pub(sys.argv[1]), pub(sys.argv[2])
worst = -1
for (k, p), v in a.items():
    if p != 'model_pub' or (k, p) not in b: continue
    d = b[(k, p)] - v; worst = max(worst, d)
    print(f"| {k} | {v:.4f} | {b[(k,p)]:.4f} | {d:+.4f} | {a[(k,'model')]:.4f} | {b[(k,'model')]:.4f} |")
print('worst published difference %+.4f (rule: <= +0.002)' % worst)
