import re,sys,collections
for f in sys.argv[1:]:
    segs=collections.defaultdict(lambda: collections.Counter()); counts=collections.Counter()
    cur=collections.Counter()
    for line in open(f):
        if 'resumed>' in line and 'unfinished' not in line: continue
        m=re.match(r'\d+\s+\S+\s+(\w+)\(',line)
        if not m: continue
        sc=m.group(1)
        if sc=='read' and re.search(r'read\(\d+, 0x', line) and 'EAGAIN' in line: sc='read-EAGAIN'
        if sc=='read' and re.search(r'read\(11,',line): sc='read-eventfd'
        if sc=='write' and 'write(11,' in line: sc='write-eventfd'
        if sc=='epoll_ctl':
            sc='epoll_ctl-'+('ADD' if 'ADD' in line else 'DEL' if 'DEL' in line else 'MOD')
        if sc=='writev':
            m2=re.search(r'(HTTP).*?iov_len=(\d+)',line)
            lab={'170':'initialize','81':'initialized(202)','108':'tools/call','75':'DELETE'}.get(m2.group(2) if m2 else '', 'other:'+(m2.group(2) if m2 else '?'))
            # attribute syscalls since previous response to this request
            segs[lab].update(cur); counts[lab]+=1; cur=collections.Counter(); continue
        cur[sc]+=1
    print('==',f)
    for lab in counts:
        n=counts[lab]; print(f"  {lab:18s} n={n:4d} "+" ".join(f"{k}={v/n:.2f}" for k,v in sorted(segs[lab].items())))
