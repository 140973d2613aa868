import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
for f in sys.argv[1:]:
    n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))
    out=subprocess.run([J,'print','--json','--events','jdk.ThreadAllocationStatistics',f],capture_output=True,text=True).stdout
    ev=json.loads(out)['recording']['events']
    by=collections.defaultdict(list)
    for e in ev:
        t=e['values']['thread']; by[(t['javaThreadId'] if t else 0)].append((e['values']['startTime'],e['values']['allocated'],(t or {}).get('javaName')))
    tot=0; per={}
    for k,v in by.items():
        v.sort(); d=v[-1][1]-v[0][1]; tot+=d; per[v[0][2]]=per.get(v[0][2],0)+d
    print(f"{f}: n={n} allocated bytes/req {tot/n:.0f}  ("+", ".join(f"{k}:{v/n:.0f}" for k,v in sorted(per.items(),key=lambda x:-x[1])[:4])+")")
