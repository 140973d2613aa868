// The TypeScript SDK v2 client (the copy the Inspector 2.12.0 bundles, .tools/inspector) running one session against
// `mcpkit conformance-server` instances behind a load balancer (ClusterPeersIT).
// usage: node cluster-client.mjs CLIENT_PACKAGE_DIR ERA URL RUN_TAG
//   ERA: legacy (a 2025-11-25 session) | 2026-07-28 (pinned, stateless)
//   RUN_TAG: sent as the X-Peer-Run header of every request, so that the balancer's log can pick out this run.
// Every HTTP exchange goes through a recording fetch: it notes method, status and the Mcpkit-Instance header of each
// response, and keeps the text of GET (2025 standalone stream) responses. Prints one JSON line per step:
// {"step":NAME,"ok":true,"result":...} or {"step":NAME,"ok":false,"error":"..."}, then {"step":"http","result":[...]}.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [pkg, era, url, tag] = process.argv.slice(2);
const { Client, StreamableHTTPClientTransport } = await import(pathToFileURL(join(pkg, 'dist/index.mjs')).href);

const exchanges = [];
let getText = '';
let getOpened;
const getOpen = new Promise(resolve => { getOpened = resolve; });
const recordingFetch = async (input, init) => {
  const method = (init?.method ?? 'GET').toUpperCase();
  const response = await fetch(input, init);
  exchanges.push({ method, status: response.status, instance: response.headers.get('mcpkit-instance'),
    type: response.headers.get('content-type') });
  if (method !== 'GET' || !response.body) {
    return response;
  }
  getOpened(response.status);
  // keep what the standalone stream carries: one branch is read here, the other goes to the transport
  const [mine, theirs] = response.body.tee();
  (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of mine) getText += decoder.decode(chunk, { stream: true });
    } catch { /* the stream was closed by the client */ }
  })();
  return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers });
};

function step(name, f) {
  return f().then(result => console.log(JSON.stringify({ step: name, ok: true, result })),
    e => console.log(JSON.stringify({ step: name, ok: false, error: String(e?.message ?? e) })));
}

const mode = era === 'legacy' ? 'legacy' : { pin: era };
const client = new Client({ name: 'ts-sdk-v2-cluster-client', version: '1.0.0' }, { versionNegotiation: { mode } });
let listChanged = 0;
client.setNotificationHandler('notifications/tools/list_changed', () => { listChanged++; });
const transport = new StreamableHTTPClientTransport(new URL(url),
  { fetch: recordingFetch, requestInit: { headers: { 'X-Peer-Run': tag } } });
await client.connect(transport);
console.log(JSON.stringify({ step: 'connect', ok: true, result: { era: client.getProtocolEra(),
  version: client.getNegotiatedProtocolVersion(), server: client.getServerVersion(),
  session: transport.sessionId ?? null } }));
await step('list', async () => (await client.listTools()).tools.map(t => t.name));
for (let i = 0; i < 4; i++) {
  await step('simple' + i, () => client.callTool({ name: 'test_simple_text', arguments: {} }));
}
await step('progress', async () => {
  const progress = [];
  const result = await client.callTool({ name: 'test_tool_with_progress', arguments: {} },
    { onprogress: p => progress.push(p.progress) });
  return { result, progress };
});
await step('error', () => client.callTool({ name: 'test_error_handling', arguments: {} }));
if (era === 'legacy') {
  // a notification that belongs to no request: it reaches the client on the session's GET stream, held by whichever
  // instance the GET landed on, whichever instance ran the call that raised it
  await step('getStream', async () => {
    const status = await Promise.race([getOpen, new Promise(r => setTimeout(() => r('no GET stream in 10 s'), 10000))]);
    if (status !== 200) throw new Error('GET stream: ' + status);
    await client.callTool({ name: 'test_trigger_tool_change', arguments: {} });
    for (let i = 0; i < 100 && !getText.includes('notifications/tools/list_changed'); i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    return { onGetStream: getText.includes('notifications/tools/list_changed'), handled: listChanged };
  });
}
await step('close', async () => {
  if (era === 'legacy') await transport.terminateSession();
  await client.close();
  return true;
});
console.log(JSON.stringify({ step: 'http', ok: true, result: exchanges }));
