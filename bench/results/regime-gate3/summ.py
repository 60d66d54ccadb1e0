import sys,csv,collections
tr=sys.argv[1]; sc=sys.argv[2]
rows={ (r['seed'],r['predictor']):r for r in csv.DictReader(open(sc+'/scores.csv'))}
cur=None; alarms=collections.defaultdict(list)
for line in open(tr):
    p=line.split()
    if p[0]=='GT-SERIES': cur=p[2][1:]; continue
    if p[0]!='GT': continue
    bar,dr,sk,rec,w,go=int(p[1]),p[2],p[3],p[4],float(p[5]),p[6]
    v=[float(x) for x in p[7:]]
    if dr=='1': alarms[cur].append((bar,sk,rec,w,go,v))
for s in sorted(alarms,key=int):
    m=rows[(s,'model')]; r=rows[(s,'rls')]; pb=rows[(s,'model_pub')]
    print(f"s{s}: lstm {m['recovery_r2']}/{m['recovery_r3']}  rls {r['recovery_r2']}/{r['recovery_r3']} pub {pb['recovery_r2']}/{pb['recovery_r3']}")
    for bar,sk,rec,w,go,v in alarms[s]:
        print(f"   +{bar%3000:4d}@{bar//3000} {'skill' if sk=='1' else 'error'} rec={rec} w={w:.3f} go={go} r16={v[0]:.2f} r32={v[3]:.2f} ms32={v[4]:.2f} t32={v[5]:.2f} r64={v[6]:.2f}")
