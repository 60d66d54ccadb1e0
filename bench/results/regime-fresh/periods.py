"""Published and LSTM skill per period, recency-weighted gain (default) vs unweighted, from two
`tickcast backtest` runs' forecasts.csv. Usage: python3 periods.py NEW_DIR OLD_DIR (S&P: by two
years; otherwise by UTC day). The runs (12:26 and 12:57 UTC):
  tickcast backtest --csv ../shared/data/sp500-daily-2000-2020/sp500_daily_20000103_20200417.csv --out /tmp/bt-sp
  TICKCAST_MODEL_FAST_SKIP_GAIN_HALF_LIFE=0 tickcast backtest ... --out /tmp/bt-sp0   (and Bitstamp alike)"""
import collections, csv, datetime, sys


def per(path, key):
    acc = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for r in csv.DictReader(open(path)):
        y = float(r['actual_return'])
        a = acc[key(int(r['ts']))]
        a[0] += (y - float(r['published_return'])) ** 2
        a[1] += y * y
        a[2] += (y - float(r['predicted_return'])) ** 2
    return {k: (1 - v[0] / v[1], 1 - v[2] / v[1]) for k, v in acc.items()}


new, old = sys.argv[1], sys.argv[2]
daily = 'SP500' in open(f'{new}/forecasts.csv').readlines()[1]
key = (lambda t: datetime.datetime.utcfromtimestamp(t / 1000).year // 2 * 2) if daily else \
    (lambda t: datetime.datetime.utcfromtimestamp(t / 1000).strftime('%m-%d'))
a, b = per(f'{new}/forecasts.csv', key), per(f'{old}/forecasts.csv', key)
print('| period | published, weighted | unweighted | LSTM, weighted | unweighted |')
print('|---|---:|---:|---:|---:|')
for k in sorted(a):
    print(f'| {k} | {a[k][0] * 100:+.2f} % | {b[k][0] * 100:+.2f} % | {a[k][1] * 100:+.2f} % | {b[k][1] * 100:+.2f} % |')
