// A real OpenID provider (panva's certified oidc-provider, installed by scripts/install-tools.sh into
// .tools/oidc-provider) for RealOidcFederationTest. Listens on 127.0.0.1:<port> behind the test's proxy, whose
// URL is the issuer (the proxy sends X-Forwarded-Host, and `proxy = true` makes the provider trust it).
//
//   node provider.mjs <node_modules dir> <port> <issuer> <mcpkit callback URL>
//
// Clients: `mcpkit` (client_secret_basic, redirect to mcpkit's federation callback) and `other-app` (another
// relying party of the same provider, for the wrong-audience case). One user: alice. PKCE is required of every
// client. Login and consent use the provider's built-in development interactions (a login form and a consent
// form, both driven by the test over plain HTTP).
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, port, issuer, callback] = process.argv.slice(2);
const { default: Provider } = await import(pathToFileURL(join(modules, 'oidc-provider', 'lib', 'index.js')));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signing = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    { client_id: 'mcpkit', client_secret: 'mcpkit-upstream-secret', redirect_uris: [callback],
      grant_types: ['authorization_code'], response_types: ['code'] },
    { client_id: 'other-app', client_secret: 'other-app-secret', redirect_uris: ['http://127.0.0.1:9/other/cb'],
      grant_types: ['authorization_code'], response_types: ['code'] },
  ],
  jwks: { keys: [signing] },
  cookies: { keys: ['test-only-cookie-key-0123456789'] },
  pkce: { required: () => true },
  conformIdTokenClaims: false, // put `name` in the ID token, as many providers do
  claims: { openid: ['sub'], profile: ['name'] },
  features: { devInteractions: { enabled: true } },
  findAccount: async (ctx, id) => (id === 'alice'
    ? { accountId: 'alice', claims: async () => ({ sub: 'alice', name: 'Alice Upstream' }) }
    : undefined),
});
provider.proxy = true;
provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));
provider.listen(Number(port), '127.0.0.1', () => console.log('oidc-provider ready'));
