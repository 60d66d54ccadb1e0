#!/usr/bin/env python3
"""The tables of README.md here, from the run folders beside this script (and main's reference).

Misses, geo-mean and mean LSTM steady are those of bench/regime-targets.py (its targets.txt);
this adds the threshold kind's LSTM steady (mean over seeds and the three regimes), the AR(5)
seed-3 LSTM recoveries, the real-data rows and the held-out kinds' MSE ratios.
"""
import csv, math, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.join(HERE, '..', 'regime-badtick', 'main')


def folder(name):
    return MAIN if name == 'base' else os.path.join(HERE, name)


def targets(d):
    """(misses, geo-mean LSTM/RLS, mean LSTM steady) from targets.txt, else regime-targets.py."""
    path = os.path.join(d, 'targets.txt')
    if os.path.exists(path):
        text = open(path).read()
    else:
        import subprocess
        text = subprocess.run([sys.executable, os.path.join(HERE, '..', '..', 'regime-targets.py'), d],
                              capture_output=True, text=True).stdout
    fails = int(re.search(r'FAILS: (\d+)', text).group(1))
    m = re.search(r'geo-mean lstm/RLS ([0-9.]+) .* mean lstm steady ([0-9.]+)', text)
    return fails, float(m.group(1)), float(m.group(2))


def scores(d):
    return {(r['kind'], r['seed'], r['predictor']): r for r in csv.DictReader(open(os.path.join(d, 'scores.csv')))}


def thr_steady(d):
    s = [sum(float(r[k]) for k in ('steady_r1', 'steady_r2', 'steady_r3')) / 3
         for (k, _, p), r in scores(d).items() if k == 'THRESHOLD_FLIP' and p == 'model']
    return sum(s) / len(s)


def real(d):
    out = {}
    for line in open(os.path.join(d, 'table.md')):
        m = re.match(r'\| (sp500|bitstamp)\S* \| \d+ \| (rls|model|model_pub) \| ([-+0-9.]+) \|', line)
        if m:
            out[(m.group(1), m.group(2))] = float(m.group(3))
    return out


def rec(v):
    return 'never' if int(v) < 0 else v


def sweep(names):
    print('| variant | misses s1–3 | misses s6–11 | geo-mean LSTM/RLS s1–3 / s6–11 | mean LSTM steady s1–3 / s6–11 '
          '| threshold LSTM steady s1–3 / s6–11 | AR(5) s3 LSTM R2 / R3 | S&P LSTM / pub (RLS) | Bitstamp LSTM / pub (RLS) |')
    print('|---|---:|---:|---|---|---|---|---|---|')
    for n in names:
        a, x = folder(n), os.path.join(HERE, n + '-x')
        fa, ga, sa = targets(a)
        fx, gx, sx = targets(x)
        r = scores(a)[('AR5_MOMREV', '3', 'model')]
        q = real(a)
        print(f"| {n} | {fa} | {fx} | {ga:.2f} / {gx:.2f} | {sa:.3f} / {sx:.3f} | {thr_steady(a):.3f} / {thr_steady(x):.3f} "
              f"| {rec(r['recovery_r2'])} / {rec(r['recovery_r3'])} "
              f"| {q[('sp500', 'model')]:+.2f} / {q[('sp500', 'model_pub')]:+.2f} ({q[('sp500', 'rls')]:+.2f}) "
              f"| {q[('bitstamp', 'model')]:+.2f} / {q[('bitstamp', 'model_pub')]:+.2f} ({q[('bitstamp', 'rls')]:+.2f}) |")


def init_seeds(variants):
    print('| variant | init seeds | misses s1–3 (each, from 42 up; mean) | misses s6–11 (same; mean) | geo-mean s1–3 / s6–11 (mean) '
          '| threshold LSTM steady s1–3 / s6–11 (mean) | S&P pub % | Bitstamp pub % |')
    print('|---|---|---|---|---|---|---|---|')
    for label, first, prefix in variants:
        runs = [first] + [prefix + str(s) for s in range(43, 50) if os.path.isdir(os.path.join(HERE, prefix + str(s) + '-x'))]
        A = [targets(folder(n)) for n in runs]
        X = [targets(os.path.join(HERE, n + '-x')) for n in runs]
        T = [(thr_steady(folder(n)), thr_steady(os.path.join(HERE, n + '-x'))) for n in runs]
        Q = [real(folder(n)) for n in runs]
        mean = lambda v: sum(v) / len(v)
        print(f"| {label} | {42}–{42 + len(runs) - 1} | {', '.join(str(a[0]) for a in A)}; {mean([a[0] for a in A]):.1f} "
              f"| {', '.join(str(a[0]) for a in X)}; {mean([a[0] for a in X]):.1f} "
              f"| {mean([a[1] for a in A]):.2f} / {mean([a[1] for a in X]):.2f} "
              f"| {mean([t[0] for t in T]):.3f} / {mean([t[1] for t in T]):.3f} "
              f"| {', '.join('%+.2f' % q[('sp500', 'model_pub')] for q in Q)} "
              f"| {', '.join('%+.2f' % q[('bitstamp', 'model_pub')] for q in Q)} |")


def held_out(names):
    rows = {}
    for n in names:
        for line in open(os.path.join(HERE, n + '-robust', 'table.md')):
            m = re.match(r'\| ([A-Z0-9_]+) \| (model|model_pub) \| ([0-9.]+) \(', line)
            if m:
                rows[(n, m.group(1), m.group(2))] = float(m.group(3))
    kinds = sorted({k for _, k, _ in rows})
    print('| kind | ' + ' | '.join(f'{n}: pub (LSTM) MSE/naive' for n in names) + ' |')
    print('|---|' + '---|' * len(names))
    for k in kinds + ['mean']:
        cell = lambda n, p: (rows[(n, k, p)] if k != 'mean' else sum(rows[(n, j, p)] for j in kinds) / len(kinds))
        print(f'| {k} | ' + ' | '.join(f"{cell(n, 'model_pub'):.4f} ({cell(n, 'model'):.4f})" for n in names) + ' |')


if __name__ == '__main__':
    sweep(['base', 'h32t24', 'h32t12', 'h32t8', 'h32t16', 'h24t32', 'h16t32', 'h16t32lr', 'h16t16'])
    print()
    init_seeds([('default H32 T32', 'base', 'seed'), ('H32 T24', 'h32t24', 'h32t24s'), ('H32 T12', 'h32t12', 'h32t12s')])
    print()
    held_out(['base', 'h32t24', 'h32t12'])
