#!/usr/bin/env python3
"""score.py KINDS DIR... : per dir (one forecaster seed), misses on KINDS only (ALL = every kind)
+ AR(5) LSTM recovery cells + LSTM steady efficiency on AR(5) and threshold."""
import sys, os, importlib.util
spec = importlib.util.spec_from_file_location('sc', os.path.join(os.path.dirname(__file__), 'score_lib.py'))
sc = importlib.util.module_from_spec(spec); spec.loader.exec_module(sc)
tot = []
for d in sys.argv[2:]:
    f, a, s = sc.score(d, sys.argv[1]); tot.append(len(f))
    print(f"{d}: misses {len(f)} | AR5 lstm R2/R3 {' '.join(a)} | steady AR5 {s.get('AR5_MOMREV', float('nan')):.3f} thr {s.get('THRESHOLD_FLIP', float('nan')):.3f}")
    for x in f: print('   ', x)
print('misses', tot, 'mean %.2f' % (sum(tot) / len(tot)))
