// stdio peer.  usage: node stdio-server.mjs [dual|modern|legacy]
//   dual   : the first message picks the era (initialize -> 2025, server/discover -> 2026-07-28)
//   modern : 2026-07-28 only (initialize answered with -32022)
//   legacy : 2025 only (server/discover answered with -32601)
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { makeServer } from './factory.mjs';

const mode = process.argv[2] ?? 'dual';
if (mode === 'legacy') await makeServer({ era: 'legacy' }).connect(new StdioServerTransport());
else serveStdio(makeServer, { legacy: mode === 'modern' ? 'reject' : 'serve' });
