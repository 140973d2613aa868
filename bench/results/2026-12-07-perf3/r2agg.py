# Samples per request of the frames of round 2 (bench/results/2026-12-07-perf3.md): python3 r2agg.py /tmp/hperf/LABEL-call-2025.jfr ...
# (each JFR file needs its .result, written by count.sh with JFR=1).
import json,subprocess,sys,re,collections,math
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
frames=['StreamableHttpHandler.serve','JsonRpcCodec.parse','Json.parse','DupDetector.isDup','JsonReadContext._checkDup','Dispatcher.checkParams','Json.findNumberOutOfRange','Schema.validate','PostResponder.finish','JsonRpcCodec.write','HttpChannelState$ChannelResponse.write','PostResponder.complete','PostResponder.release']
for f in sys.argv[1:]:
    n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))
    ev=json.loads(subprocess.run([J,'print','--json','--stack-depth','200','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout)['recording']['events']
    inc=collections.Counter()
    for e in ev:
        st=(e['values'].get('stackTrace') or {}).get('frames',[])
        names=set(fr['method']['type']['name'].split('/')[-1]+'.'+fr['method']['name'] for fr in st)
        for k in frames:
            if k in names: inc[k]+=1
    serve=inc['StreamableHttpHandler.serve']
    print(f"{f}: requests {n}, samples {len(ev)}, serve {serve}")
    for k in frames:
        v=inc[k]; 
        print(f"   {k:42s} {v:5d}  {v*1000/n:6.2f}/1000req  share of serve {100*v/max(serve,1):5.1f}% ±{100*math.sqrt(max(v,1))/max(serve,1):4.1f}")
