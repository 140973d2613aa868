// Streamable HTTP peer on 127.0.0.1.  usage: node http-server.mjs MODE PORT   (PORT 0: any free port)
//   modern  : 2026-07-28 only (legacy requests rejected)
//   session : 2025 only, with Mcp-Session-Id sessions
//   both    : 2026-07-28 + sessionful 2025 (routed with isLegacyRequest)
// Prints "listening on http://127.0.0.1:<port>/mcp" on stderr when ready.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createMcpHandler, isLegacyRequest } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport, toNodeHandler, toWebRequest,
  localhostHostValidation, localhostOriginValidation } from '@modelcontextprotocol/node';
import { makeServer } from './factory.mjs';

const [mode = 'both', port = '0'] = process.argv.slice(2);
const modern = toNodeHandler(createMcpHandler(makeServer, { legacy: 'reject' }));
const sessions = new Map();

async function legacySession(req, res, body) {
  const sid = req.headers['mcp-session-id'];
  let t = sid && sessions.get(sid);
  if (!t && !sid && req.method === 'POST') {
    t = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: id => sessions.set(id, t)
    });
    t.onclose = () => t.sessionId && sessions.delete(t.sessionId);
    await makeServer({ era: 'legacy' }).connect(t);
  }
  if (!t) { res.writeHead(sid ? 404 : 400).end(); return; }
  await t.handleRequest(req, res, body);
}

async function readJson(req) {
  if (req.method !== 'POST') return undefined;
  let s = ''; for await (const c of req) s += c;
  try { return JSON.parse(s); } catch { return undefined; }
}

const hostOk = localhostHostValidation(), originOk = localhostOriginValidation();
const server = createServer(async (req, res) => {
  if (!hostOk(req, res) || !originOk(req, res)) return;
  if (new URL(req.url, 'http://x').pathname !== '/mcp') { res.writeHead(404).end(); return; }
  if (mode === 'modern') return modern(req, res);
  const body = await readJson(req);
  if (mode === 'session' || await isLegacyRequest(await toWebRequest(req, body), body))
    return legacySession(req, res, body);
  return modern(req, res, body);
});
server.listen(Number(port), '127.0.0.1', () =>
  console.error(`listening on http://127.0.0.1:${server.address().port}/mcp (${mode})`));
