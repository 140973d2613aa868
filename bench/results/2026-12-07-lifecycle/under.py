import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
f=sys.argv[1]; key=sys.argv[2]
out=subprocess.run([J,'print','--json','--stack-depth','128','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
evs=json.loads(out)['recording']['events']
c=collections.Counter(); tot=0
for e in evs:
    st=(e['values'].get('stackTrace') or {}).get('frames',[])
    names=[fr['method']['type']['name'].split('/')[-1]+'.'+fr['method']['name']+':'+str(fr.get('lineNumber')) for fr in st]
    idx=[i for i,x in enumerate(names) if key in x]
    if not idx: continue
    i=idx[-1]; tot+=1
    c[names[i-1] if i>0 else 'self']+=1
print(key,'samples',tot,'of',len(evs))
for k,v in c.most_common(15): print(f'  {v:5d} {k}')
