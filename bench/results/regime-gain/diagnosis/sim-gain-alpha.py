import sys, os
import numpy as np
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sim-gain.py')).read().split('seeds=')[0])
def calib_a(f,r,N,ridge,k,compound,tstat=0.0):
    A=1.0; out=np.empty_like(f)
    for t in range(len(f)):
        if t>=N and t%k==0:
            g=(A if compound else 1.0)*f[t-N:t]; y=r[t-N:t]
            sgg=g@g; sgy=g@y
            al=(sgy+ridge*sgg)/(sgg+ridge*sgg)
            if tstat>0:
                # only when alpha differs from 1 significantly
                res=y-g*(sgy/sgg); se=np.sqrt((res@res)/(N-1)/sgg)
                if abs(sgy/sgg-1)/se<tstat: al=1.0
            if np.sum((al*g-y)**2)<np.sum((g-y)**2):
                A = al*A if compound else al
            elif not compound: A=1.0
        out[t]=A*f[t]
    return out
seeds=sys.argv[1].split(',')
vs=[None]+[(N,rg,k,c,ts) for N in (128,256) for rg in (1,3) for k in (16,) for c in (False,True) for ts in (0,2)]
for v in vs:
    row=[]
    for s in seeds:
        f,m,r=load(s)
        g=f if v is None else calib_a(f,r,*v)
        rec,st=summ(g,m)
        row.append(f"s{s} R {rec[0]:5d}/{rec[1]:5d} st {' '.join('%.2f'%x for x in st)}")
    print(str(v).ljust(22),' | '.join(row))
