"""Offline sweep of sigma-aggregation rules (issue 10, 2026-12-02): why the published sigma is a
fixed-share mix on each expert's QLIKE rather than exponentiated gradient on the mix's QLIKE.

A re-implementation of ExpertPanel's sigma experts WITHOUT the LSTM's sigma (fast iteration):
the RLS residual RMS (approximated by an EW variance, half-life 100 bars, of the return), and EW
variances λ 0.80 / 0.94 / 0.995; mean forecast 0. Rules: eg = exponentiated gradient on the mix's
variance (the ratio y²/V capped), fs = fixed share on each expert's capped QLIKE, disc =
exponential weights on discounted QLIKE, log = eg on the log variance. Series: 3 seeds each of
Gaussian and t(3) constant volatility, a ×4 volatility jump, GARCH(1,1) with Gaussian and t(4)
shocks (QLIKE excess over the true variance), and the two real series of ../shared/data (mean
realised QLIKE, y² floored at 1e-4·σ̂²; lower is better; Bitstamp as 1-minute closes with empty
minutes filled by the previous close, unlike the bench's 9,398 bars with trades). Production figures with the LSTM's sigma:
bench/results/regime-sigmamix/. Usage: python3 bench/sigma-mix-sweep.py [DATA_DIR] (about 40 s).
"""
import numpy as np, csv, sys, math, os
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data')
def series():
    out = {}
    n = 9000
    for seed in range(3):
        r = np.random.default_rng(100+seed)
        out[f'gauss{seed}'] = (r.standard_normal(n), np.ones(n))
        t = r.standard_t(3, n)/math.sqrt(3); out[f't3_{seed}'] = (t, np.ones(n))
        s = np.ones(n); s[3000:6000] = 4; 
        out[f'vjump{seed}'] = (r.standard_normal(n)*s, s*s)
        # garch
        for name, dist in (('garch', 'n'), ('tgarch', 't')):
            h = np.empty(n); y = np.empty(n); hv = 1.0
            a, b = 0.06 + 0.04*r.random(), 0.86 + 0.03*r.random()
            w = 1 - a - b
            for i in range(n):
                h[i] = hv
                z = r.standard_normal() if dist == 'n' else r.standard_t(4)/math.sqrt(2)
                y[i] = math.sqrt(hv)*z
                hv = w + a*y[i]**2 + b*hv
            out[f'{name}{seed}'] = (y, h)
    # real
    px = [float(row['adjclose']) for row in csv.DictReader(open(os.path.join(DATA, 'sp500-daily-2000-2020', 'sp500_daily_20000103_20200417.csv')))]
    out['sp500'] = (np.diff(np.log(px)), None)
    last = {}
    for row in csv.DictReader(open(os.path.join(DATA, 'bitstamp-btcusd-trades-2013', 'bitstamp_btcusd_trades_20131125_20131201.csv'))):
        last[int(row['ts_unix_s'])//60] = float(row['price_usd'])
    ks = sorted(last); p = []; cur = None
    for m in range(ks[0], ks[-1]+1):
        cur = last.get(m, cur); p.append(cur)
    out['btc'] = (np.diff(np.log(p)), None)
    return out

LAMS = [0.80, 0.94, 0.995]
def run(y, rule, eta=0.15, floor=0.02, cap=25.0, extra=(), gamma=0.99, rls_hl=100):
    lams = LAMS + list(extra)
    K = 1 + len(lams)
    a_rls = 1 - 0.5**(1/rls_hl)
    w = np.ones(K)/K; L = np.zeros(K)
    v = np.full(K, y[0]**2 + 1e-12)
    pub = np.empty(len(y))
    for i in range(len(y)):
        s2 = v.copy()
        if rule == 'log':
            V = math.exp(np.dot(w, np.log(s2)))
        else:
            V = float(np.dot(w, s2))
        pub[i] = V
        yy = y[i]**2
        if i > 0:
            if rule in ('eg', 'egsign'):
                ratio = min(yy/V, cap)
                g = (1-ratio)*s2/V
                g = np.clip(g, -50, 50)
                w = w*np.exp(-eta*g)
            elif rule == 'log':
                ratio = min(yy/V, cap)
                u = np.log(s2); g = (1-ratio)*(u - np.dot(w,u))
                w = w*np.exp(-eta*np.clip(g,-50,50))
            elif rule in ('fs', 'disc'):
                rt = np.maximum(yy/s2, 1e-4); l = np.minimum(rt - np.log(rt) - 1, 25)
                if rule == 'fs':
                    w = w*np.exp(-eta*l)
                else:
                    L = gamma*L + l; w = np.exp(-eta*(L - L.min()))
            w = w/w.sum(); w = (1-floor)*w + floor/K
        # update variances (rls approx: index 0 uses rls_hl)
        v[0] = (1-a_rls)*v[0] + a_rls*yy
        for j, lam in enumerate(lams):
            v[1+j] = lam*v[1+j] + (1-lam)*yy
    return pub

def qlike(y, h, hhat, skip=200):
    if h is not None:
        rt = h[skip:]/hhat[skip:]
        return float(np.mean(rt - np.log(rt) - 1))
    yy = np.maximum(y[skip:]**2, 1e-4*hhat[skip:])
    rt = yy/hhat[skip:]
    return float(np.mean(rt - np.log(rt) - 1))

S = series()
variants = {
 'eg .15 (previous default)': dict(rule='eg'),
 'eg .05': dict(rule='eg', eta=0.05),
 'eg .15, ratio cap 5': dict(rule='eg', cap=5),
 'eg .05, ratio cap 5': dict(rule='eg', eta=0.05, cap=5),
 'eg .15 in log variance': dict(rule='log'),
 'eg .05 in log variance': dict(rule='log', eta=0.05),
 'discounted, g .99, eta 1': dict(rule='disc', eta=1.0, gamma=0.99),
 'discounted, g .995, eta .5': dict(rule='disc', eta=0.5, gamma=0.995),
 'eg .15 + EW 0.998 expert': dict(rule='eg', extra=(0.998,)),
 'fs .05': dict(rule='fs', eta=0.05),
 'fs .1 (adopted)': dict(rule='fs', eta=0.1),
 'fs .2': dict(rule='fs', eta=0.2),
 'fs .3': dict(rule='fs', eta=0.3),
 'fs .1, floor .005': dict(rule='fs', eta=0.1, floor=0.005),
 'fs .1, floor .05': dict(rule='fs', eta=0.1, floor=0.05),
 'fs .1 + EW 0.998 expert': dict(rule='fs', eta=0.1, extra=(0.998,)),
 'RiskMetrics (EW 0.94) alone': None, 'EW 0.995 alone': 'x995', 'EW half-life 100 alone': 'rls'
}
groups = ['gauss', 't3_', 'vjump', 'garch', 'tgarch']
hdr = ['variant'] + groups + ['S&P (realised)', 'Bitstamp (realised)']
print('| ' + ' | '.join(hdr) + ' |')
print('|' + '---|' * len(hdr))
for name, kw in variants.items():
    row = [name]
    res = {}
    for key, (y, h) in S.items():
        if kw is None or isinstance(kw, str):
            lam = {None: 0.94, 'x995': 0.995, 'rls': 0.5**(1/100)}[kw]
            v = np.empty(len(y)); cur = y[0]**2 + 1e-12
            for i in range(len(y)):
                v[i] = cur; cur = lam*cur + (1-lam)*y[i]**2
            pub = v
        else:
            pub = run(y, **kw)
        res[key] = qlike(y, h, pub)
    for g in groups:
        row.append('%.4f' % np.mean([res[k] for k in res if k.startswith(g) and not (g=='garch' and k.startswith('tgarch'))]))
    # real: mean realised QLIKE (absolute; lower is better)
    row.append('%.4f' % res['sp500']); row.append('%.4f' % res['btc'])
    print('| ' + ' | '.join(row) + ' |', flush=True)
