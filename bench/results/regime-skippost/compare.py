import re, sys, os
R=os.path.dirname(os.path.abspath(__file__))+'/../'
P=os.path.dirname(os.path.abspath(__file__))+'/'
def fails(path):
    t=open(path).read()
    return int(re.search(r'FAILS: (\d+)',t).group(1)), [l for l in t.splitlines() if l.startswith(('lstm ','pub '))]
def real(path):
    t=open(path).read(); out={}
    for l in t.splitlines():
        m=re.match(r'\| (sp500\S*|bitstamp\S*) \| \d+ \| (model_pub|model) \| ([-+0-9.]+) \|',l)
        if m: out[(m.group(1)[:5],m.group(2))]=float(m.group(3))
    return out
rows=[]
for s in [42,43,44,45,46,47]:
    line=[s]
    for name,a,b in [('s998',R+'regime-reskip/f-s998/seed%d/targets.txt'%s,R+'regime-reskip/f-s998-x/seed%d/targets.txt'%s),('post',P+'post/seed%d/targets.txt'%s,P+'post-x/seed%d/targets.txt'%s)]:
        if not (os.path.exists(a) and os.path.exists(b)): line.append(None); continue
        fa,_=fails(a); fb,_=fails(b); r=real(a)
        line.append((fa,fb,r.get(('sp500','model_pub')),r.get(('bitst','model_pub'))))
    rows.append(line); print(line)
for i,name in [(1,'s998'),(2,'post')]:
    v=[r[i] for r in rows if r[i] and r[2]]
    if v: print(name, 'n',len(v),'mean 1-3 %.2f 6-11 %.2f S&P %.3f BTC %.3f'%tuple(sum(x[j] for x in v)/len(v) for j in range(4)))
