// One server factory for every era: a tool, a resource and a prompt (TypeScript SDK v2).
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

export function makeServer(ctx) {
  const server = new McpServer({ name: 'ts-v2-peer', version: '1.0.0' });
  server.registerTool('add', {
    description: 'Add two numbers',
    inputSchema: z.object({ a: z.number(), b: z.number() })
  }, async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
  server.registerResource('greeting', 'peer://greeting', { mimeType: 'text/plain' },
    async uri => ({ contents: [{ uri: uri.href, text: `hello (era ${ctx?.era ?? '?'})` }] }));
  server.registerPrompt('greet', {
    description: 'Greet someone',
    argsSchema: z.object({ name: z.string() })
  }, ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Say hello to ${name}` } }] }));
  return server;
}
