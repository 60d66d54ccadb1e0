import sys, os
import numpy as np
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sim-gain.py')).read().split('seeds=')[0])
def signflip(f,r,N,z,k=16):
    A=1.0; out=np.empty_like(f); flips=0
    for t in range(len(f)):
        if t>=N and t%k==0:
            g=A*f[t-N:t]; y=r[t-N:t]
            sgg=g@g
            if sgg>0:
                a=(g@y)/sgg; res=y-a*g; se=np.sqrt((res@res)/(N-1)/sgg)
                if a/se< -z: A=-A; flips+=1
        out[t]=A*f[t]
    return out,flips
seeds=sys.argv[1].split(',')
print('base', ' | '.join(f"s{s} R {summ(load(s)[0],load(s)[1])[0]}" for s in seeds))
for N in (32,64,128):
  for z in (2,2.5,3,4):
    row=[]
    for s in seeds:
        f,m,r=load(s); g,fl=signflip(f,r,N,z)
        rec,st=summ(g,m)
        row.append(f"s{s} R {rec[0]:5d}/{rec[1]:5d} st {' '.join('%.2f'%x for x in st)} fl{fl}")
    print(N,z,' | '.join(row))
