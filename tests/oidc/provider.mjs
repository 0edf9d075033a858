// A real OpenID Provider (node-oidc-provider) for the tests of organisation sign-in.
//
// node provider.mjs '<settings as JSON>'  with {"port": 0, "clients": [{client_id, client_secret,
// redirect_uris, post_logout_redirect_uris}]}. It prints {"issuer": "..."} on one line once it
// listens. The test chooses who signs in: PUT /__test/accounts with {"hint", "sub", "email",
// "email_verified", "name", "amr", "acr"} stores an account, and an authorization request whose
// login_hint is that "hint" signs in as it at once (no form), with that amr and acr.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const settings = JSON.parse(process.argv[2]);
const byHint = new Map();
const bySub = new Map();

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function configuration() {
  return {
    clients: settings.clients.map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    })),
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomUUID()] },
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile'],
    // How the person signed in (acr, amr) comes with the openid scope, as Entra ID reports it.
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // The scopes' claims go into the ID token, as Entra ID and Keycloak put them there.
    conformIdTokenClaims: false,
    acrValues: ['password', 'mfa'],
    features: {
      devInteractions: { enabled: false },
      // The provider's own confirmation, without the default page's web fonts from the internet.
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
            <title>Sign out</title></head><body><main><h1>Sign out of the test provider?</h1>
            ${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">
            Yes, sign me out</button></main></body></html>`;
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title>
        </head><body><h1>${out.error}</h1><p>${out.error_description ?? ''}</p></body></html>`;
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          const { email, email_verified: verified, name } = account;
          return { sub, email, email_verified: verified, name };
        },
      };
    },
    // Silta is a first-party client here: no consent screen.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
}

// Listen first: the issuer names the port the system chose.
const server = createServer();
await new Promise((resolve) => server.listen(settings.port || 0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, configuration());

provider.use(async (ctx, next) => {
  if (ctx.method === 'PUT' && ctx.path === '/__test/accounts') {
    const account = await readJson(ctx.req);
    byHint.set(account.hint, account);
    bySub.set(account.sub, account);
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'GET' && ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name !== 'login') {
      const location = await provider.interactionResult(ctx.req, ctx.res, {}, {
        mergeWithLastSubmission: true,
      });
      ctx.redirect(location);
      return;
    }
    const account = byHint.get(details.params.login_hint);
    if (!account) {
      ctx.status = 400;
      ctx.body = 'No test account for this login_hint';
      return;
    }
    const login = { accountId: account.sub, amr: account.amr, acr: account.acr };
    const location = await provider.interactionResult(ctx.req, ctx.res, { login }, {
      mergeWithLastSubmission: false,
    });
    ctx.redirect(location);
    return;
  }
  await next();
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
