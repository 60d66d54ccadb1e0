#!/usr/bin/env python3
"""full.py LABEL QUICKPAT RESTPAT | LABEL FULLPAT : full misses per fc seed + real-data skill (LSTM / published)."""
import sys, os, re, csv, shutil, importlib.util, subprocess
spec = importlib.util.spec_from_file_location('sc', '/tmp/plastic/score_lib.py'); sc = importlib.util.module_from_spec(spec); spec.loader.exec_module(sc)
def real(table):
    out = {}
    for line in open(table).read().splitlines():
        m = re.match(r'\| (sp500|bitstamp)\S* \| \d+ \| (model|model_pub|rls) \| ([+-]?[\d.]+) \|', line)
        if m: out[(m.group(1), m.group(2))] = float(m.group(3))
    return out
rows = []
for spec_ in sys.argv[1:]:
    parts = spec_.split('=')
    label, pats = parts[0], parts[1].split('+')
    ms, sp, bt, spl, btl, thr, a5 = [], [], [], [], [], [], []
    for s in range(42, 48):
        dirs = [p.format(s=s) for p in pats]
        if not all(os.path.exists(os.path.join(d, 'scores.csv')) for d in dirs): ms.append(None); continue
        merged = f'/tmp/plastic/merged/{label}/seed{s}'.replace(' ', '_'); os.makedirs(merged, exist_ok=True)
        with open(os.path.join(merged, 'scores.csv'), 'w') as w:
            for i, d in enumerate(dirs):
                lines = open(os.path.join(d, 'scores.csv')).read().splitlines()
                w.write('\n'.join(lines if i == 0 else lines[1:]) + '\n')
        tab = [os.path.join(d, 'table.md') for d in dirs if real(os.path.join(d, 'table.md'))]
        shutil.copy(tab[0] if tab else os.path.join(dirs[0], 'table.md'), os.path.join(merged, 'table.md'))
        f, a, st = sc.score(merged, 'ALL'); ms.append(len(f)); thr.append(st.get('THRESHOLD_FLIP')); a5.append(st.get('AR5_MOMREV'))
        r = real(os.path.join(merged, 'table.md'))
        if r:
            sp.append(r[('sp500', 'model_pub')]); bt.append(r[('bitstamp', 'model_pub')])
            spl.append(r[('sp500', 'model')]); btl.append(r[('bitstamp', 'model')])
    got = [m for m in ms if m is not None]
    mean = lambda v: sum(v) / len(v) if v else float('nan')
    print(f"| {label} | " + ' | '.join('' if m is None else str(m) for m in ms) + f" | {mean(got):.2f} | {mean(a5):.3f} | {mean(thr):.3f} | "
          + (f"{mean(spl):+.2f} / {mean(sp):+.3f} ({' '.join('%+.2f' % x for x in sp)}) | {mean(btl):+.2f} / {mean(bt):+.2f} ({' '.join('%+.2f' % x for x in bt)}) |" if sp else ' | |'))
