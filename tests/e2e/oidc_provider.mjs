// A real OpenID Connect provider for the unified sign-on tests (tests/e2e/test_oidc_flow.py):
// the certified `oidc-provider` package from the npm registry, with one static client and the
// accounts' claims read from a JSON file given as the only argument:
//   {"client": {"client_id", "client_secret", "redirect_uris", "post_logout_redirect_uris"},
//    "accounts": {"<login>": {"preferred_username": "...", "name": "..."}}}
// Its own development sign-in and consent pages stand in for a province's 统一身份认证 screens:
// any login and password are accepted (the login becomes the subject). It listens on a free
// port of 127.0.0.1 and prints "ready <issuer>" once it serves.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts || {};

function claimsOf(id) {
  const known = accounts[id] || {};
  return { sub: id, ...known };
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        ...config.client,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => claimsOf(id) }),
    cookies: { keys: ['kaoping-test-provider-only'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });
  server.on('request', provider.callback());
  process.stdout.write(`ready ${issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
