import http.client,sys,json,time
port=int(sys.argv[1])
c=http.client.HTTPConnection('127.0.0.1',port)
H={'Content-Type':'application/json','Accept':'application/json, text/event-stream'}
def post(body,sid=None):
    h=dict(H)
    if sid: h['Mcp-Session-Id']=sid; h['MCP-Protocol-Version']='2025-11-25'
    c.request('POST','/mcp',json.dumps(body),h); r=c.getresponse(); r.read(); return r
for i in range(int(sys.argv[2])):
    print('MARK-init', flush=True); time.sleep(0.05)
    r=post({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}})
    sid=r.getheader('Mcp-Session-Id'); time.sleep(0.05)
    post({"jsonrpc":"2.0","method":"notifications/initialized"},sid); time.sleep(0.05)
    post({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hi"}}},sid); time.sleep(0.05)
    c.request('DELETE','/mcp',headers={'Mcp-Session-Id':sid,'MCP-Protocol-Version':'2025-11-25'}); r=c.getresponse(); r.read(); time.sleep(0.05)
