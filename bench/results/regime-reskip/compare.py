#!/usr/bin/env python3
"""Tables of this folder: per variant and forecaster seed (42-47), issue-10 misses (rules of
bench/regime-targets.py), restricted to a set of kinds, next to main's reference runs.
Usage: python3 compare.py quick|full  (run from this folder)."""
import csv, math, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.dirname(HERE)
SEEDS = [42, 43, 44, 45, 46, 47]
MAIN1 = {42: f'{RES}/regime-badtick/main', **{s: f'{RES}/regime-capacity/seed{s}' for s in SEEDS[1:]}}
MAINX = {42: f'{RES}/regime-capacity/base-x', **{s: f'{RES}/regime-capacity/seed{s}-x' for s in SEEDS[1:]}}
QUICK = {'AR1_FLIP', 'AR5_MOMREV', 'THRESHOLD_FLIP'}

def rec(v): return 10**9 if int(v) < 0 else int(v)

def load(d, kinds):
    p = os.path.join(d, 'scores.csv')
    if not os.path.exists(p): return None
    by = {}
    for r in csv.DictReader(open(p)):
        if kinds is None or r['kind'] in kinds:
            by[(r['kind'], r['seed'], r['predictor'])] = r
    fails, lfails, steadies, thr, cells, logs = [], 0, [], [], {}, []
    for (kind, seed, p), r in sorted(by.items()):
        if p != 'model' or kind == 'GARCH': continue
        rls = by[(kind, seed, 'rls')]; pub = by[(kind, seed, 'model_pub')]
        for reg in ('recovery_r2', 'recovery_r3'):
            lim = min(600, 4 * max(rec(rls[reg]), 25)); v = rec(r[reg])
            plim = min(300, 2 * max(rec(rls[reg]), 25)); pv = rec(pub[reg])
            if v > lim: fails.append(f'L {kind[:5]} s{seed} {reg[-2:].upper()} {v if v < 10**9 else "never"}>{lim}'); lfails += 1
            if pv > plim: fails.append(f'P {kind[:5]} s{seed} {reg[-2:].upper()} {pv if pv < 10**9 else "never"}>{plim}')
            if kind == 'AR5_MOMREV': cells[(seed, reg[-2:])] = v
            logs.append(math.log(min(max(v, 5), 3000) / max(rec(rls[reg]), 25)))
        s = sum(float(r[k]) for k in ('steady_r1', 'steady_r2', 'steady_r3')) / 3
        steadies.append(s)
        if kind == 'THRESHOLD_FLIP': thr.append(s)
    real = {}
    t = os.path.join(d, 'table.md')
    if os.path.exists(t):
        for line in open(t):
            m = re.search(r'\| (sp500|bitstamp)[^|]*\| *\d+ *\| (model|model_pub) \| *([-+0-9.]+)', line)
            if m: real[(m.group(1), m.group(2))] = float(m.group(3))
    if not steadies: return dict(real=real)
    return dict(fails=fails, n=len(fails), lstm=lfails, steady=sum(steadies) / len(steadies),
                thr=sum(thr) / len(thr) if thr else float('nan'), ar5=cells,
                geo=math.exp(sum(logs) / len(logs)), real=real)

def fmt_ar5(c, seeds):
    def f(v): return 'nev' if v >= 10**9 else str(v)
    return ' '.join(f"{f(c.get((s,'r2'),-1))}/{f(c.get((s,'r3'),-1))}" for s in seeds if (s, 'r2') in c)

def table(variants, kinds, tag):
    print(f'\n### {tag}: misses (LSTM) per forecaster seed 42..47, kinds {"all" if kinds is None else ",".join(sorted(kinds))}\n')
    print('| variant | suite seeds | 42 | 43 | 44 | 45 | 46 | 47 | mean | mean LSTM | geo-mean | mean steady | threshold steady (mean) |')
    print('|---|---|---|---|---|---|---|---|---:|---:|---:|---:|---:|')
    res = {}
    for name, d1, dx in variants:
        for lab, dirs in (('1–3', d1), ('6–11', dx)):
            rs = [load(dirs[s], kinds) if dirs.get(s) else None for s in SEEDS]
            res[(name, lab)] = rs
            ok = [r for r in rs if r]
            if not ok: continue
            cells = [f"{r['n']} ({r['lstm']})" if r else '–' for r in rs]
            m = lambda k: sum(r[k] for r in ok) / len(ok)
            print(f"| {name} | {lab} | " + ' | '.join(cells) +
                  f" | {m('n'):.2f} | {m('lstm'):.2f} | {m('geo'):.2f} | {m('steady'):.3f} | {m('thr'):.3f} |")
    return res

def variants(prefix, names):
    out = [('main', MAIN1, MAINX)]
    for n in names:
        out.append((n, {s: f'{HERE}/{prefix}-{n}/seed{s}' for s in SEEDS},
                    {s: f'{HERE}/{prefix}-{n}-x/seed{s}' for s in SEEDS}))
    return out

def precise(names):
    """Real-data skill to 4 decimals (p-NAME/seedN, -Dregime.realDecimals=4)."""
    print('\n### Real data to 4 decimals (p-*), published skill %, per forecaster seed\n')
    print('| variant | series | 42 | 43 | 44 | 45 | 46 | 47 | mean pub | mean LSTM |')
    print('|---|---|---|---|---|---|---|---|---:|---:|')
    for n in names:
        rs = [load(f'{HERE}/p-{n}/seed{s}', {'none'}) if os.path.exists(f'{HERE}/p-{n}/seed{s}/table.md') else None for s in SEEDS]
        for ser in ('sp500', 'bitstamp'):
            ok = [r['real'] for r in rs if r and (ser, 'model_pub') in r['real']]
            if not ok: continue
            cells = [f"{r['real'][(ser,'model_pub')]:+.4f}" if r else '–' for r in rs]
            print(f"| {n} | {ser} | " + ' | '.join(cells) +
                  f" | {sum(x[(ser,'model_pub')] for x in ok)/len(ok):+.4f} | {sum(x[(ser,'model')] for x in ok)/len(ok):+.4f} |")

if __name__ == '__main__':
    mode = sys.argv[1] if len(sys.argv) > 1 else 'quick'
    if mode == 'precise':
        precise(sys.argv[2:] or ['main', 's0', 's998']); sys.exit()
    names = sys.argv[2:] or ['s0', 's998', 'st1', 'fix']
    kinds = QUICK if mode == 'quick' else None
    vs = variants('q' if mode == 'quick' else 'f', names)
    res = table(vs, kinds, mode)
    print('\n### AR(5) LSTM recovery R2/R3 (bars), suite seeds 1/2/3 and 6..11, per forecaster seed\n')
    print('| variant | fseed | s1–3 R2/R3 | s6–11 R2/R3 | threshold steady 1–3 / 6–11 |')
    print('|---|---|---|---|---|')
    for name, _, _ in vs:
        for i, s in enumerate(SEEDS):
            a, b = res[(name, '1–3')][i], res[(name, '6–11')][i]
            if not a and not b: continue
            print(f"| {name} | {s} | {fmt_ar5(a['ar5'], ['1','2','3']) if a else '–'} | "
                  f"{fmt_ar5(b['ar5'], [str(k) for k in range(6, 12)]) if b else '–'} | "
                  f"{a['thr'] if a else float('nan'):.3f} / {b['thr'] if b else float('nan'):.3f} |")
    print('\n### Missed cells per forecaster seed\n')
    for name, _, _ in vs:
        for lab in ('1–3', '6–11'):
            for i, s in enumerate(SEEDS):
                r = res[(name, lab)][i]
                if r: print(f"- {name} {lab} {s}: " + '; '.join(r['fails']))
    if mode != 'quick':
        print('\n### Real data, skill % (LSTM / published), per forecaster seed\n')
        print('| variant | series | 42 | 43 | 44 | 45 | 46 | 47 | mean LSTM | mean pub |')
        print('|---|---|---|---|---|---|---|---|---:|---:|')
        for name, _, _ in vs:
            rs = res[(name, '1–3')]
            for ser in ('sp500', 'bitstamp'):
                ok = [r for r in rs if r and (ser, 'model_pub') in r['real']]
                if not ok: continue
                cells = [f"{r['real'][(ser,'model')]:+.2f} / {r['real'][(ser,'model_pub')]:+.2f}" if r and (ser, 'model_pub') in r['real'] else '–' for r in rs]
                ml = sum(r['real'][(ser, 'model')] for r in ok) / len(ok)
                mp = sum(r['real'][(ser, 'model_pub')] for r in ok) / len(ok)
                print(f"| {name} | {ser} | " + ' | '.join(cells) + f" | {ml:+.3f} | {mp:+.3f} |")
