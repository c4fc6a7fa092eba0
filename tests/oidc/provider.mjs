// A real OpenID Connect provider on loopback for the browser tests (tests/e2e/oidc): panva's
// certified oidc-provider, with a login form for fixed test users, PKCE required and RS256
// keys generated at every start.
//
//   OIDC_PORT=0 OIDC_CLIENTS='[{"client_id": ..., "client_secret": ..., "redirect_uris": [...],
//     "post_logout_redirect_uris": [...], "id_token_ttl": 3600}]' node provider.mjs
//
// Issuer http://127.0.0.1:<port>; once listening it prints "listening <port>" on stdout.
// A user logs in with one of the names in ACCOUNTS (any password); consent is implied.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const ACCOUNTS = {
  'kari.nordmann': { name: 'Kari Nordmann', email: 'kari.nordmann@example.test' },
  'ola.nordmann': { name: 'Ola Nordmann', email: 'ola.nordmann@example.test' },
};

const port = Number(process.env.OIDC_PORT || 0);
const clientsConfig = JSON.parse(process.env.OIDC_CLIENTS || '[]');
const idTokenTtl = Object.fromEntries(
  clientsConfig.map((client) => [client.client_id, client.id_token_ttl || 3600]),
);
const clients = clientsConfig.map(({ id_token_ttl: _ttl, ...client }) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
  ...client,
}));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const configuration = {
  clients,
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  // The name typed at the login form is the account id, and the subject.
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: account.name, email: account.email, email_verified: true };
      },
    };
  },
  // Consent is implied for every test client.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
  ttl: {
    IdToken: (ctx, token, client) => idTokenTtl[client.clientId] || 3600,
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out', `${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You are signed out.</p>');
      },
    },
  },
  cookies: { keys: [randomUUID()] },
};

// The issuer needs the port, so listen first and build the provider on it.
const server = createServer();
server.listen(port, '127.0.0.1', () => {
  const actual = server.address().port;
  const provider = new Provider(`http://127.0.0.1:${actual}`, configuration);
  server.on('request', provider.callback());
  process.stdout.write(`listening ${actual}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
