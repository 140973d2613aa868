import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
f=sys.argv[1]; n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))//4
out=subprocess.run([J,'print','--json','--stack-depth','128','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
evs=json.loads(out)['recording']['events']
inc=collections.Counter()
for e in evs:
    st=(e['values'].get('stackTrace') or {}).get('frames',[])
    names=[fr['method']['type']['name'].split('/')[-1]+'.'+fr['method']['name'] for fr in st]
    for x in set(names): inc[x]+=1
print('samples',len(evs),'lifecycles',n)
for k,v in inc.most_common(400):
    if re.search(sys.argv[2],k): print(f'{v:6d} {100*v/len(evs):5.1f}% {k}')
