import sys
def parse(fn):
    series=[];cur=None;last=10**9
    for line in open(fn):
        p=line.split()
        if p[0]=='GT-SERIES': cur={'name':p[1]+' '+p[2],'rows':[]}; series.append(cur); last=-1; continue
        if p[0]!='GT': continue
        bar=int(p[1])
        if cur is None or (bar<last and not cur['name'].startswith(('AR','VOL','THR'))) :
            cur={'name':'real%d'%len(series),'rows':[]}; series.append(cur)
        last=bar
        v=[float(x) for x in p[7:]]
        cur['rows'].append(dict(bar=bar,drift=p[2]=='1',skill=p[3]=='1',rec=p[4]=='1',w=float(p[5]),go=p[6]=='1',
            r16=v[0],ms16=v[1],t16=v[2],r32=v[3],ms32=v[4],t32=v[5],r64=v[6],ms64=v[7],t64=v[8]))
    return series
if __name__=='__main__':
    for s in parse(sys.argv[1]):
        rows=s['rows']
        al=[r for r in rows if r['drift']]
        low=[r for r in rows if r['w']<0.25]
        per=[r for r in low if r['bar']%8==0]
        print(s['name'], 'rows',len(rows),'alarms',len(al),'alarms w<.25',sum(r['w']<0.25 for r in al),'periodic checks',len(per))
        for name,f in [('r32<=.7',lambda r:r['r32']<=0.7 and r['ms32']<=2),('t32>=2',lambda r:r['t32']>=2 and r['ms32']<=2),('t32>=2.5',lambda r:r['t32']>=2.5 and r['ms32']<=2),('r32<=.7&t>=2',lambda r:r['r32']<=0.7 and r['t32']>=2 and r['ms32']<=2)]:
            a=[r['bar'] for r in al if r['w']<0.25 and f(r)]
            rc=[r['bar'] for r in low if r['rec'] and f(r)]
            pp=[r['bar'] for r in per if f(r)]
            print(f"   {name:14s} alarms {len(a)} {a[:8]} recovering-bars {len(rc)} {rc[:8]} periodic {len(pp)} {pp[:10]}")
        print('   min r32 at alarms w<.25', min([r['r32'] for r in al if r['w']<0.25] or [9]), 'max t32', max([r['t32'] for r in al if r['w']<0.25] or [0]))
        print('   periodic min r32 %.2f max t32 %.2f'%(min([r['r32'] for r in per] or [9]), max([r['t32'] for r in per] or [0])))
