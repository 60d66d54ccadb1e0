"""Missed targets and real-data skill per forecaster seed: the skip alone (regime-reskip/f-s998,
the default before the network's gain, reproduced by regime-skipdef/default5) against each run
folder given (DIR and DIR-x, paths from the current directory, as run.sh writes them).
Usage (in this folder): python3 compare.py g995 g99 g98; from regime-gain3:
python3 ../regime-gain2/compare.py ../regime-gain2/g99 j995"""
import os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, '..', 'regime-reskip', 'f-s998')


def fails(path):
    return int(re.search(r'FAILS: (\d+)', open(path).read()).group(1))


def real(path):
    out = {}
    for line in open(path).read().splitlines():
        m = re.match(r'\| (sp500\S*|bitstamp\S*) \| \d+ \| (model_pub|model) \| ([-+0-9.]+) \|', line)
        if m:
            out[(m.group(1)[:5], m.group(2))] = float(m.group(3))
    return out


def row(folder, seed):
    a = f'{folder}/seed{seed}/targets.txt'
    b = f'{folder}-x/seed{seed}/targets.txt'
    if not (os.path.exists(a) and os.path.exists(b)):
        return None
    r = real(a)
    return fails(a), fails(b), r.get(('sp500', 'model_pub')), r.get(('bitst', 'model_pub'))


variants = [('skip alone', BASE)] + [(os.path.basename(n), n) for n in sys.argv[1:]]
table = {n: [row(f, s) for s in range(42, 48)] for n, f in variants}
print('| fseed | ' + ' | '.join(f'{n}: missed 1–3 / 6–11, S&P / Bitstamp pub %' for n, _ in variants) + ' |')
for i, s in enumerate(range(42, 48)):
    cells = []
    for n, _ in variants:
        v = table[n][i]
        cells.append('—' if v is None else f'{v[0]} / {v[1]}, {v[2]:+.2f} / {v[3]:.2f}')
    print(f'| {s} | ' + ' | '.join(cells) + ' |')
means = []
for n, _ in variants:
    v = [x for x in table[n] if x]
    means.append('—' if not v else
                 '**{:.2f} / {:.2f}**, {:+.3f} / {:.2f} (n {})'.format(
                     *[sum(x[j] for x in v) / len(v) for j in range(4)], len(v)))
print('| mean | ' + ' | '.join(means) + ' |')
