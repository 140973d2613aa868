// The TypeScript SDK v2 client (the copy the Inspector 2.12.0 bundles, .tools/inspector) driving one MCP endpoint.
// usage: node ts-client.mjs CLIENT_PACKAGE_DIR ERA URL OPS_JSON
//   ERA: legacy (2025 initialize) | 2026-07-28 (pinned, server/discover)
//   OPS_JSON: [{"op":"list"} | {"op":"call","name":..,"arguments":{..}} | {"op":"read","uri":..}
//              | {"op":"prompt","name":..,"arguments":{..}} | {"op":"progress","name":..,"arguments":{..}}
//              | {"op":"cancel","name":..,"arguments":{..}} | {"op":"elicit","name":..}, ...]
//   progress: the call with a progress callback (result: the call's result and the progress values seen);
//   cancel: the call aborted at its first progress notification (result: whether it ended as aborted);
//   elicit: the call, with elicitation/create answered {"name":"Ada"} (2025 request, or 2026 InputRequiredResult).
// Prints one JSON line per operation: {"i":N,"ok":true,"result":...} or {"i":N,"ok":false,"error":"..."}.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [pkg, era, url, opsJson] = process.argv.slice(2);
const { Client, StreamableHTTPClientTransport } = await import(pathToFileURL(join(pkg, 'dist/index.mjs')).href);
const mode = era === 'legacy' ? 'legacy' : { pin: era };
const client = new Client({ name: 'ts-sdk-v2-client', version: '1.0.0' },
  { versionNegotiation: { mode }, capabilities: { elicitation: { form: {} } } });
client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: 'Ada' } }));
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
console.log(JSON.stringify({ i: -1, ok: true, result: { era: client.getProtocolEra(),
  version: client.getNegotiatedProtocolVersion(), server: client.getServerVersion() } }));
const ops = JSON.parse(opsJson);
for (let i = 0; i < ops.length; i++) {
  const o = ops[i];
  try {
    let result;
    if (o.op === 'list') result = (await client.listTools()).tools.map(t => t.name);
    else if (o.op === 'call') result = await client.callTool({ name: o.name, arguments: o.arguments ?? {} });
    else if (o.op === 'read') result = await client.readResource({ uri: o.uri });
    else if (o.op === 'prompt') result = await client.getPrompt({ name: o.name, arguments: o.arguments ?? {} });
    else if (o.op === 'progress') {
      const seen = [];
      const r = await client.callTool({ name: o.name, arguments: o.arguments ?? {} },
        { onprogress: p => seen.push(p.progress), timeout: 20000 });
      result = { progress: seen, result: r };
    } else if (o.op === 'cancel') {
      const abort = new AbortController();
      const started = Date.now();
      try {
        await client.callTool({ name: o.name, arguments: o.arguments ?? {} },
          { onprogress: () => abort.abort('cancelled by the test'), signal: abort.signal, timeout: 20000 });
        result = { cancelled: false };
      } catch (e) {
        result = { cancelled: abort.signal.aborted, afterMs: Date.now() - started, error: String(e?.message ?? e) };
      }
    } else if (o.op === 'elicit') result = await client.callTool({ name: o.name, arguments: {} }, { timeout: 20000 });
    else throw new Error('unknown op ' + o.op);
    console.log(JSON.stringify({ i, ok: true, result }));
  } catch (e) {
    console.log(JSON.stringify({ i, ok: false, error: String(e?.message ?? e) }));
  }
}
await client.close();
