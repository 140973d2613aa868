import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
res={}
for f in sys.argv[1:]:
    n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))
    out=subprocess.run([J,'print','--json','--stack-depth','96','--events',__import__('os').environ.get('EV','jdk.ExecutionSample'),f],capture_output=True,text=True).stdout
    ev=json.loads(out)['recording']['events']
    inc=collections.Counter(); top=collections.Counter(); thr=collections.Counter()
    for e in ev:
        t=(e['values'].get('sampledThread') or {}).get('javaName') or '?'
        thr[re.sub(r'\d+','N',t)]+=1
        st=(e['values'].get('stackTrace') or {}).get('frames',[])
        names=[fr['method']['type']['name'].split('/')[-1]+'.'+fr['method']['name'] for fr in st]
        for x in set(names): inc[x]+=1
        if names: top[names[0]]+=1
    res[f]=(n,len(ev),inc,top)
    print(f,'requests',n,'samples',len(ev),dict(thr.most_common(5)))
fs=list(res)
keys=set()
for f,(n,s,inc,top) in res.items(): keys|={k for k,v in inc.items() if v/s>=0.01}
rows=[]
for k in keys:
    vals=[res[f][2][k]*100/res[f][1] for f in fs]
    rows.append((max(vals),k,vals))
rows.sort(key=lambda r:-r[0])
print("inclusive % of samples")
for d,k,v in rows[:int(sys.argv[0] and 120)]: print("  ".join(f"{x:6.1f}" for x in v)+"  "+k)
print("top frames")
keys=set()
for f,(n,s,inc,top) in res.items(): keys|={k for k,v in top.items() if v/s>=0.005}
rows=[(max(res[f][3][k]*100/res[f][1] for f in fs),k,[res[f][3][k]*100/res[f][1] for f in fs]) for k in keys]
rows.sort(key=lambda r:-r[0])
for d,k,v in rows[:70]: print("  ".join(f"{x:6.1f}" for x in v)+"  "+k)
