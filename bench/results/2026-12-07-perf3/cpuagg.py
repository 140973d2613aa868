import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
res={}
for f in sys.argv[1:]:
    n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))
    out=subprocess.run([J,'print','--json','--stack-depth','80','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
    ev=json.loads(out)['recording']['events']
    inc=collections.Counter(); top=collections.Counter()
    for e in ev:
        st=(e['values'].get('stackTrace') or {}).get('frames',[])
        names=[fr['method']['type']['name'].split('/')[-1].split('.')[-1]+'.'+fr['method']['name'] for fr in st]
        for x in set(names): inc[x]+=1
        if names: top[names[0]]+=1
    res[f]=(n,len(ev),inc,top)
    print(f, 'requests',n,'samples',len(ev), 'samples/1000req', round(len(ev)*1000/n,1))
keys=set()
for f,(n,s,inc,top) in res.items(): keys|={k for k,v in inc.items() if v*1000/n>=2}
fs=list(res)
rows=[]
for k in keys:
    vals=[res[f][2][k]*1000/res[f][0] for f in fs]
    rows.append((vals[-1]-vals[0],k,vals))
rows.sort(key=lambda r: -abs(r[0]))
for d,k,v in rows[:60]: print(f"{d:+7.1f}  "+"  ".join(f"{x:7.1f}" for x in v)+"  "+k)
