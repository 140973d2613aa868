import json,subprocess,sys,re,collections
J='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
f=sys.argv[1]; ev=sys.argv[2]; key=sys.argv[3]; depth=int(sys.argv[4]) if len(sys.argv)>4 else 6
n=int(re.search(r'requests=(\d+)',open(f+'.result').read()).group(1))//4
out=subprocess.run([J,'print','--json','--stack-depth','96','--events',ev,f],capture_output=True,text=True).stdout
evs=json.loads(out)['recording']['events']
c=collections.Counter(); cnt=collections.Counter()
for e in evs:
    st=(e['values'].get('stackTrace') or {}).get('frames',[])
    names=[fr['method']['type']['name'].split('/')[-1]+'.'+fr['method']['name']+':'+str(fr.get('lineNumber')) for fr in st]
    if key and not any(key in x for x in names): continue
    oc=e['values'].get('objectClass',{}); oc=oc.get('name','') if oc else ''
    w=e['values'].get('weight',1)
    k=(oc,)+tuple(names[:depth]); c[k]+=w; cnt[k]+=1
tot=sum(c.values())
print('total per lifecycle',tot/n, 'samples',sum(cnt.values()))
for k,v in c.most_common(int(sys.argv[5]) if len(sys.argv)>5 else 15):
    print(f'{v/n:9.1f} n={cnt[k]:4d} {k[0]}\n      '+'\n      '.join(k[1:]))
