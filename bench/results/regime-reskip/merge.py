#!/usr/bin/env python3
"""f-NAME[-x]/seedN = q-NAME[-x]/seedN (AR1_FLIP, AR5_MOMREV, THRESHOLD_FLIP) + c-NAME[-x]/seedN
(VOL_JUMP, real data): the suite's per-kind rows do not depend on which kinds a run includes
(deterministic; checked on main's rows, MULTISEED.md), so the union is the full run minus GARCH
(which no target or rule uses). Usage: python3 merge.py NAME"""
import os, sys, subprocess
HERE = os.path.dirname(os.path.abspath(__file__))
name = sys.argv[1]
for suf in ('', '-x'):
    for s in range(42, 48):
        q, c = f'{HERE}/q-{name}{suf}/seed{s}', f'{HERE}/c-{name}{suf}/seed{s}'
        if not (os.path.exists(f'{q}/scores.csv') and os.path.exists(f'{c}/scores.csv')): continue
        f = f'{HERE}/f-{name}{suf}/seed{s}'; os.makedirs(f, exist_ok=True)
        a = open(f'{q}/scores.csv').read().splitlines(); b = open(f'{c}/scores.csv').read().splitlines()
        assert a[0] == b[0]
        open(f'{f}/scores.csv', 'w').write('\n'.join(a + b[1:]) + '\n')
        open(f'{f}/table.md', 'w').write(open(f'{q}/table.md').read() + '\n' + open(f'{c}/table.md').read())
        t = subprocess.run(['python3', f'{HERE}/../../regime-targets.py', f], capture_output=True, text=True).stdout
        open(f'{f}/targets.txt', 'w').write(t)
