#!/usr/bin/env python3
"""table.py KINDS LABEL=DIRPATTERN... ; DIRPATTERN with {s} for the forecaster seed (42..47)."""
import sys, importlib.util, os
spec = importlib.util.spec_from_file_location('sc', '/tmp/plastic/score_lib.py'); sc = importlib.util.module_from_spec(spec); spec.loader.exec_module(sc)
kinds = sys.argv[1]
print('| variant | 42 | 43 | 44 | 45 | 46 | 47 | mean | AR(5) LSTM R2/R3 by suite seed, median over fc seeds | LSTM steady AR(5) | LSTM steady threshold |')
print('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|')
for arg in sys.argv[2:]:
    label, pat = arg.split('=', 1)
    cells = {};    ms = []; ar5 = None; s5 = []; st = []
    for s in range(42, 48):
        d = pat.format(s=s)
        if not os.path.exists(os.path.join(d, 'scores.csv')): ms.append(None); continue
        f, a, stx = sc.score(d, kinds)
        ms.append(len(f)); s5.append(stx.get('AR5_MOMREV')); st.append(stx.get('THRESHOLD_FLIP'))
        for c in a:
            k, v = c.split(' '); cells.setdefault(k, []).append(v.split('/'))
    got = [m for m in ms if m is not None]
    def med(v):
        x = sorted(10**9 if t == 'never' else int(t) for t in v); m = x[len(x)//2] if len(x) % 2 else (x[len(x)//2-1] + x[len(x)//2]) // 2
        return 'never' if m >= 10**9 else str(m)
    ar5 = ' '.join(f"{k} {med([c[0] for c in v])}/{med([c[1] for c in v])}" for k, v in sorted(cells.items(), key=lambda kv: int(kv[0][1:])))
    mean = sum(got) / len(got) if got else float('nan')
    f3 = lambda v: '%.3f' % (sum(v) / len(v)) if v and None not in v else ''
    print(f"| {label} | " + ' | '.join('' if m is None else str(m) for m in ms)
          + f" | {mean:.2f}{'' if len(got)==6 else ' (n=%d)' % len(got)} | {ar5 or ''} | {f3(s5)} | {f3(st)} |")
