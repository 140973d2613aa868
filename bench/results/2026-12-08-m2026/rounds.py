import json,subprocess,collections,statistics
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
rows=[l.split() for l in open('/tmp/hm2026/rounds.txt')]
cache={}
def samples(i):
    if i not in cache:
        out=subprocess.run([J,'print','--json','--events','jdk.ThreadAllocationStatistics',f'/tmp/hm2026/alloc-{i}.jfr'],capture_output=True,text=True).stdout
        by=collections.defaultdict(list)
        import datetime
        for e in json.loads(out)['recording']['events']:
            t=e['values']['thread']; ts=e['values']['startTime']
            d=datetime.datetime.fromisoformat(ts.replace('Z','+00:00')); ns=int(d.timestamp()*1e9)
            by[t['javaThreadId'] if t else 0].append((ns,e['values']['allocated']))
        for v in by.values(): v.sort()
        cache[i]=by
    return cache[i]
def alloc(i,w0,w1):
    tot=0
    for v in samples(i).values():
        before=[a for ns,a in v if ns<=w0]; after=[a for ns,a in v if ns>=w1]
        a0=before[-1] if before else 0
        a1=after[0] if after else v[-1][1]
        tot+=max(0,a1-a0)
    return tot
res=collections.defaultdict(lambda:([],[]))
for i,r,n,w0,w1,cpu in rows:
    n=int(n); a=alloc(i,int(w0),int(w1))/n
    res[i][0].append(float(cpu)); res[i][1].append(a)
    print(f"round {r} jar{i} n={n} cpu_us/req={cpu} alloc_B/req={a:.0f}")
for i,(c,a) in sorted(res.items()):
    print(f"jar{i}: cpu_us/req median {statistics.median(c):.2f} range {min(c):.2f}-{max(c):.2f} | alloc_B/req median {statistics.median(a):.0f} range {min(a):.0f}-{max(a):.0f}")
