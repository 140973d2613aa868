import sys, json, subprocess, collections
# parks.py FILE EVENT : aggregate events by thread-type and top app frames, with count and duration stats
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
f, ev = sys.argv[1], sys.argv[2]
out = subprocess.run([J,'print','--json','--stack-depth','12','--events',ev,f],capture_output=True,text=True).stdout
d = json.loads(out)['recording']['events']
agg = collections.defaultdict(list)
def dur(s):
    # ISO8601 duration like PT0.000123S
    s=s[2:-1]
    return float(s) if s else 0.0
for e in d:
    v=e['values']; st=v.get('stackTrace') or {}
    frames=[fr['method']['type']['name'].split('.')[-1]+'.'+fr['method']['name'] for fr in (st.get('frames') or [])]
    keep=[x for x in frames if not x.startswith(('Unsafe','LockSupport','VirtualThread.park','Thread.park','ForkJoinPool.','Continuation'))][:4]
    th=v.get('eventThread') or {}
    tn=(th.get('javaName') or th.get('osName') or '?')
    tn='VT' if th.get('virtual') else tn.rstrip('0123456789-')
    agg[(tn,' < '.join(keep))].append(dur(v.get('duration','PT0S')))
rows=sorted(agg.items(), key=lambda kv:-sum(kv[1]))
for (tn,k),ds in rows[:25]:
    ds.sort()
    print(f"{len(ds):7d} tot={sum(ds)*1e3:9.1f}ms max={ds[-1]*1e3:8.2f}ms p99={ds[int(len(ds)*0.99)]*1e3:7.2f}ms {tn:20s} {k[:200]}")
