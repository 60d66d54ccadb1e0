import sys,csv
from gates import parse
tr=sys.argv[1]; sc=sys.argv[2]
rows={ (r['kind'],r['seed'],r['predictor']):r for r in csv.DictReader(open(sc+'/scores.csv'))}
C={
 'main': lambda r: r['drift'] and not r['rec'] and r['r32']<=0.7 and r['ms32']<=2,
 'anyAlarm': lambda r: r['drift'] and r['r32']<=0.7 and r['ms32']<=2,
 'recR.7': lambda r: (r['drift'] or r['rec']) and r['r32']<=0.7 and r['ms32']<=2,
 'recT2': lambda r: (r['drift'] or r['rec']) and r['t32']>=2 and r['ms32']<=2 and r['r32']<=0.85,
 'recT2.5': lambda r: (r['drift'] or r['rec']) and r['t32']>=2.5 and r['ms32']<=2 and r['r32']<=0.85,
 'perT2.5': lambda r: (r['drift'] or r['rec'] or r['bar']%8==0) and r['t32']>=2.5 and r['ms32']<=2 and r['r32']<=0.85,
 'perT3': lambda r: (r['drift'] or r['rec'] or r['bar']%8==0) and r['t32']>=3 and r['ms32']<=2 and r['r32']<=0.85,
}
print('series shift lstm/lim rls | actual-open | first per candidate (bars after shift)')
for s in parse(tr):
    kind,seed=s['name'].split(); seed=seed[1:]
    m=rows[(kind,seed,'model')]; rl=rows[(kind,seed,'rls')]
    for k,sh in ((2,3000),(3,6000)):
        lv=int(m['recovery_r%d'%k]); rv=int(rl['recovery_r%d'%k]); lim=min(600,4*max(rv if rv>=0 else 10**9,25))
        win=[r for r in s['rows'] if sh<=r['bar']<sh+300 and r['w']<0.25]
        act=[r['bar']-sh for r in win if r['go']]
        out=[]
        for n,f in C.items():
            b=[r['bar']-sh for r in win if f(r)]
            out.append(f"{n}={b[0] if b else '-'}")
        flag='MISS' if (lv<0 or lv>lim) else ''
        print(f"{kind[:4]} s{seed:>2} r{k} {lv:>4}/{lim:<4} rls {rv:>3} {flag:4s}| act {act[:2]} | "+' '.join(out))
print('--- openings outside the first 300 bars after a shift (inside regimes), bars>=300')
for n,f in C.items():
    tot=0; ex=[]
    for s in parse(tr):
        b=[r['bar'] for r in s['rows'] if r['w']<0.25 and r['bar']>=300 and not any(sh<=r['bar']<sh+300 for sh in (3000,6000)) and f(r)]
        tot+=len(b); ex+= [s['name']+':'+str(x) for x in b[:2]]
    print(f"{n:10s} {tot} {ex[:8]}")
