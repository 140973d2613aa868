# Where a frame's samples go, one level down (bench/results/2026-12-07-perf3.md, round 2): python3 sub.py Frame.a,Frame.b FILE.jfr ...
import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
roots=sys.argv[1].split(',')
for f in sys.argv[2:]:
    n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))
    ev=json.loads(subprocess.run([J,'print','--json','--stack-depth','120','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout)['recording']['events']
    for root in roots:
        c=collections.Counter(); tot=0
        for e in ev:
            st=(e['values'].get('stackTrace') or {}).get('frames',[])
            names=[fr['method']['type']['name'].split('/')[-1]+'.'+fr['method']['name'] for fr in st]
            idx=[i for i,x in enumerate(names) if x.endswith(root)]
            if not idx: continue
            tot+=1
            i=idx[-1]  # outermost occurrence
            child=names[i-1] if i>0 else '(self)'
            c[child]+=1
        print(f"{f} {root}: {tot*1000/n:.2f} us/req ({tot} samples)")
        for k,v in c.most_common(8): print(f"    {v*1000/n:5.2f} ({v:3d})  {k}")
