import sys,csv
def load(d):
    return { (r['kind'],r['seed'],r['predictor']):r for r in csv.DictReader(open(d+'/scores.csv'))}
a=load(sys.argv[1]); b=load(sys.argv[2])
def rec(v): v=int(v); return 10**9 if v<0 else v
tot={'a':0,'b':0}
for key in sorted(set(k[:2] for k in a) & set(k[:2] for k in b), key=lambda k:(k[0],int(k[1]))):
    kind,seed=key
    if kind=='GARCH': continue
    for reg in ('recovery_r2','recovery_r3'):
        rl=rec(a[(kind,seed,'rls')][reg]); lim=min(600,4*max(rl,25)); plim=min(300,2*max(rl,25))
        la,lb=rec(a[(kind,seed,'model')][reg]),rec(b[(kind,seed,'model')][reg])
        pa,pb=rec(a[(kind,seed,'model_pub')][reg]),rec(b[(kind,seed,'model_pub')][reg])
        ma=(la>lim)+(pa>plim); mb=(lb>lim)+(pb>plim); tot['a']+=ma; tot['b']+=mb
        if (la,pa)!=(lb,pb):
            print(f"{kind[:6]} s{seed:>2} {reg[-2:]} lstm {la}->{lb} (lim {lim}) pub {pa}->{pb} (lim {plim}) {'FIXED' if mb<ma else 'NEWMISS' if mb>ma else ''}")
    for st in ('steady_r1','steady_r2','steady_r3'):
        x,y=float(a[(kind,seed,'model')][st]),float(b[(kind,seed,'model')][st])
        if abs(x-y)>=0.02: print(f"   {kind[:6]} s{seed} {st} lstm steady {x:.3f}->{y:.3f}")
print('misses', tot)
import statistics
for p in ('model','model_pub'):
    sa=[float(a[k][st]) for k in a if k[2]==p and k[0]!='GARCH' for st in ('steady_r1','steady_r2','steady_r3') if k in b]
    sb=[float(b[k][st]) for k in a if k[2]==p and k[0]!='GARCH' for st in ('steady_r1','steady_r2','steady_r3') if k in b]
    print(p,'mean steady %.4f -> %.4f'%(statistics.mean(sa),statistics.mean(sb)))
