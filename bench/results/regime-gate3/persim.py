import math
from gates import parse
ar=parse('trace2-ar1.trace'); oth=parse('trace2-oth.trace'); real=parse('trace-real.trace')
def ok(r,T,R): 
    return r['bar']%8==0 and r['w']<0.25 and not math.isnan(r['t32']) and r['t32']>=T and r['r32']<=R and r['ms32']<=2
for T,R in ((2.5,.7),(3,.7),(3.5,.7),(3,.6),(4,.7),(3,.5)):
    inreg=0; first={}
    for s in ar+oth:
        for r in s['rows']:
            if not ok(r,T,R): continue
            b=r['bar']
            sh=[x for x in (3000,6000) if x<=b<x+300]
            if b>=300 and not sh: inreg+=1
            elif sh: first.setdefault((s['name'],sh[0]),b-sh[0])
    rl=sum(ok(r,T,R) for s in real for r in s['rows'])
    want={k:first.get(k,'-') for k in [('AR1_FLIP s14',3000),('AR1_FLIP s19',3000),('AR1_FLIP s19',6000),('AR1_FLIP s10',3000)]}
    print(f"t>={T} r<={R}: in-regime opens {inreg}, real {rl}, shifts opened {len(first)}, targets {want}")
