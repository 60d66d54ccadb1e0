#!/usr/bin/env python3
"""One table row per run dir: misses, geo-mean, mean steady, threshold LSTM steady, AR5 s3 LSTM, S&P/Bitstamp."""
import csv, os, re, subprocess, sys
T = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'regime-targets.py')
print('| run | misses | miss list | geo-mean LSTM/RLS | mean LSTM steady | threshold LSTM steady | AR(5) s3 LSTM | S&P LSTM / pub | Bitstamp LSTM / pub |')
print('|---|---:|---|---:|---:|---:|---|---|---|')
for d in sys.argv[1:]:
    out = subprocess.run(['python3', T, d], capture_output=True, text=True).stdout
    fails = int(re.search(r'FAILS: (\d+)', out).group(1))
    fl = out.split('FAILS:')[1].splitlines()[1:1+fails]
    g = re.search(r'geo-mean lstm/RLS ([\d.]+).*mean lstm steady ([\d.]+)', out)
    rows = list(csv.DictReader(open(os.path.join(d, 'scores.csv'))))
    th = [r for r in rows if r['kind'] == 'THRESHOLD_FLIP' and r['predictor'] == 'model']
    ths = sum(float(r[k]) for r in th for k in ('steady_r1','steady_r2','steady_r3')) / max(1, 3*len(th))
    a5 = [r for r in rows if r['kind'] == 'AR5_MOMREV' and r['predictor'] == 'model' and r['seed'] == '3']
    a5s = "/".join("never" if a5[0][k] == "-1" else a5[0][k] for k in ("recovery_r2", "recovery_r3")) if a5 else '-'
    real = {}
    for line in out.splitlines():
        m = re.match(r'\| (\S+) \| \d+ \| (\S+) \| ([-+\d.]+) \|', line)
        if m: real[(m.group(1)[:3], m.group(2))] = m.group(3)
    sp = f"{real.get(('sp5','model'),'-')} / {real.get(('sp5','model_pub'),'-')}"
    bt = f"{real.get(('bit','model'),'-')} / {real.get(('bit','model_pub'),'-')}"
    short = '; '.join(f.replace('lstm ','L ').replace('pub ','P ').replace('AR5_MOMREV','AR5').replace('THRESHOLD_FLIP','TH').replace('AR1_FLIP','AR1').replace('VOL_JUMP','VJ') for f in fl)
    print(f"| {os.path.basename(d.rstrip('/'))} | {fails} | {short} | {g.group(1)} | {g.group(2)} | {ths:.3f} | {a5s} | {sp} | {bt} |")
