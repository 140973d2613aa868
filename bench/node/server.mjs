// The TypeScript SDK v2 contender of bench/run.sh: the same `echo` tool and 1 MiB `bench://blob`
// resource as the Java contenders, with the SDK's localhost Host/Origin guards on.
//   node server.mjs http modern PORT   2026-07-28 stateless (createMcpHandler, legacy requests rejected)
//   node server.mjs http session PORT  2025 era with Mcp-Session-Id sessions (NodeStreamableHTTPServerTransport)
//   node server.mjs stdio              stdio (serveStdio: the first message picks the era)
// On SIGUSR2 it writes process.memoryUsage() after a GC (run with --expose-gc) to $BENCH_MEM_FILE.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport, toNodeHandler,
  localhostHostValidation, localhostOriginValidation } from '@modelcontextprotocol/node';
import * as z from 'zod';

const BLOB_URI = 'bench://blob';
const LINE = 'The quick brown fox jumps over the lazy dog 0123456789 mcpkit bench line.\n';
const BLOB = LINE.repeat(Math.ceil(1048576 / LINE.length)).slice(0, 1048576);

function makeServer() {
  const server = new McpServer({ name: 'ts-bench', version: '1' });
  server.registerTool('echo', {
    description: 'Echoes the message back',
    inputSchema: z.object({ message: z.string() })
  }, async ({ message }) => ({ content: [{ type: 'text', text: message }] }));
  server.registerResource('blob', BLOB_URI, { mimeType: 'text/plain', description: '1 MiB of text' },
    async uri => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: BLOB }] }));
  return server;
}

process.on('SIGUSR2', () => {
  if (globalThis.gc) globalThis.gc();
  if (process.env.BENCH_MEM_FILE) writeFileSync(process.env.BENCH_MEM_FILE, JSON.stringify(process.memoryUsage()));
});

const [transport = 'http', mode = 'modern', port = '3000'] = process.argv.slice(2);

if (transport === 'stdio') {
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  serveStdio(makeServer);
} else {
  const hostOk = localhostHostValidation(), originOk = localhostOriginValidation();
  let handle;
  if (mode === 'modern') {
    // The default cap of 1024 listen streams is raised, as mcpkit's per-client stream cap is, so
    // that the stream workload can hold 10,000.
    handle = toNodeHandler(createMcpHandler(makeServer, { legacy: 'reject', maxSubscriptions: 20000 }));
  } else {
    const sessions = new Map();
    const readJson = async req => {
      if (req.method !== 'POST') return undefined;
      let s = ''; for await (const c of req) s += c;
      try { return JSON.parse(s); } catch { return undefined; }
    };
    handle = async (req, res) => {
      const body = await readJson(req);
      const sid = req.headers['mcp-session-id'];
      let t = sid && sessions.get(sid);
      if (!t && !sid && req.method === 'POST') {
        t = new NodeStreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: id => sessions.set(id, t)
        });
        t.onclose = () => t.sessionId && sessions.delete(t.sessionId);
        await makeServer().connect(t);
      }
      if (!t) { res.writeHead(sid ? 404 : 400).end(); return; }
      await t.handleRequest(req, res, body);
    };
  }
  const server = createServer(async (req, res) => {
    if (!hostOk(req, res) || !originOk(req, res)) return;
    if (new URL(req.url, 'http://x').pathname !== '/mcp') { res.writeHead(404).end(); return; }
    await handle(req, res);
  });
  server.keepAliveTimeout = 300_000;
  server.headersTimeout = 310_000;
  server.requestTimeout = 0;
  server.maxConnections = 100_000;
  server.listen(Number(port), '127.0.0.1', () => console.error(`READY ${server.address().port}`));
}
