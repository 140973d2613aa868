import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
f=sys.argv[1]; n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))//4
def frames(e):
    st=(e['values'].get('stackTrace') or {}).get('frames',[])
    return [fr['method']['type']['name'].split('/')[-1]+'.'+fr['method']['name'] for fr in st]
STEPS=[('initialize',['Handlers.initialize','SessionRegistry.create','SessionRegistry.register']),('delete',['StreamableHttpHandler.delete']),('call',['Handlers.route','Dispatcher.handleLegacy']),('notif',['Dispatcher.notification'])]
def step(names):
    for s,keys in STEPS:
        if any(k in names for k in keys): return s
    return 'other'
for ev,w in (('jdk.ExecutionSample',None),('jdk.ObjectAllocationSample','weight')):
    out=subprocess.run([J,'print','--json','--stack-depth','96','--events',ev,f],capture_output=True,text=True).stdout
    evs=json.loads(out)['recording']['events']
    by=collections.Counter(); inc=collections.Counter(); tot=0
    for e in evs:
        names=frames(e); x=e['values'][w] if w else 1; tot+=x
        by[step(names)]+=x
        for k in set(names): inc[k]+=x
    print('==',ev,'lifecycles',n,'total/lifecycle',round(tot/n,2))
    for k,v in by.most_common(): print(f'  {k:12s} {v/n:10.2f} per lifecycle')
    sel=int(sys.argv[2]) if len(sys.argv)>2 else 40
    for k,v in inc.most_common(sel):
        if any(t in k for t in sys.argv[3:]) or len(sys.argv)<=3: print(f'   {v/n:10.2f} {k}')
