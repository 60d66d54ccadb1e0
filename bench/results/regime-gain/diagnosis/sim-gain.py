import sys, csv, math, os
import numpy as np
def load(s):
    d=np.loadtxt(os.path.join(os.environ.get('PROBE_DIR', '.'), f'ar5-{s}.csv'),delimiter=',',skiprows=1); return d[:,0],d[:,1],d[:,2]
def eff(f,m,a,b):
    return 1-np.sum((f[a:b]-m[a:b])**2)/np.sum(m[a:b]**2)
def recovery(f,m,s,e,W=200):
    err=np.concatenate([[0],np.cumsum((f[s:e]-m[s:e])**2)]); g=np.concatenate([[0],np.cumsum(m[s:e]**2)])
    n=e-s
    for d in range(0,n-W+1):
        if 1-(err[d+W]-err[d])/(g[d+W]-g[d])>=0.5: return d
    return 99999
def calib(f,r,N,ridge,k,accept=True,sig=None):
    A,B=1.0,0.0; out=np.empty_like(f)
    for t in range(len(f)):
        if t>=N and t%k==0:
            g=A*f[t-N:t]+B; y=r[t-N:t]
            sgg=g@g; sg=g.sum(); sgy=g@y; sy=y.sum()
            lam=ridge*sgg; lb=ridge*sgg/N
            a11=sgg+lam; a12=sg; a22=N+lb; b1=sgy+lam; b2=sy
            det=a11*a22-a12*a12
            if det>0:
                al=(b1*a22-a12*b2)/det; be=(a11*b2-a12*b1)/det
                if not accept or np.sum((al*g+be-y)**2)<np.sum((g-y)**2):
                    A,B=al*A,al*B+be
        out[t]=A*f[t]+B
    return out
def summ(f,m):
    rec=[recovery(f,m,3000,6000),recovery(f,m,6000,9000)]
    st=[eff(f,m,e-1000,e) for e in (3000,6000,9000)]
    return rec,st
seeds=sys.argv[1].split(',')
variants=[(None,)]+[(N,rg,k) for N in (64,128,256) for rg in (0.3,1,3) for k in (4,16)]
for v in variants:
    row=[]
    for s in seeds:
        f,m,r=load(s)
        g=f if v[0] is None else calib(f,r,*v)
        rec,st=summ(g,m)
        row.append(f"s{s} R {rec[0]:5d}/{rec[1]:5d} st {' '.join('%.2f'%x for x in st)}")
    print(str(v).ljust(16),' | '.join(row))
