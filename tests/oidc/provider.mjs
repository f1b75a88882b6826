// A real OpenID Connect provider (npm oidc-provider) for the single sign-on tests:
// node provider.mjs <port> [more redirect URIs, comma-separated].
// Fixed clients and accounts; its sign-in form is plain HTML that a test posts to (no devInteractions).
// Some clients are "quirky": their ID tokens are re-signed with one thing wrong, so the tests can show
// that the app refuses a wrong audience, nonce or issuer, a foreign signature or an expired token.
import http from 'node:http';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 9400);
const issuer = `http://127.0.0.1:${port}`;
const SECRET = 'test-client-secret-0123456789abcdef';
const PASSWORD = 'provider-pw';
const ACCOUNTS = new Set(['alice', 'mallory']); // alice is linked in the tests, mallory never is
// The app's one redirect URI on the test client's host (SERVER_NAME localhost), and a live server's.
const redirects = ['http://localhost/sso/callback', ...(process.argv[3] || '').split(',').filter(Boolean)];
const QUIRKS = {
  'tracker-aud': 'aud', 'tracker-nonce': 'nonce', 'tracker-sig': 'sig', 'tracker-exp': 'exp', 'tracker-iss': 'iss',
};
const clients = ['tracker', 'tracker-other', ...Object.keys(QUIRKS)].map((id) => ({
  client_id: id, client_secret: SECRET, redirect_uris: redirects,
  grant_types: ['authorization_code'], response_types: ['code'],
}));

const keyPair = async () => {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  return { ...(await jose.exportJWK(privateKey)), kid: 'k1', use: 'sig', alg: 'RS256' };
};
const signing = await keyPair();
const stranger = await keyPair(); // same kid, another key: a forged signature

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signing] },
  cookies: { keys: ['test-cookie-key-0123456789'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (ctx, id) => (ACCOUNTS.has(id)
    ? { accountId: id, claims: () => ({ sub: id, name: id }) } : undefined),
  // First-party test clients: consent is given with the sign-in, no second page.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
});

// The quirky clients' ID tokens: the real one's claims with one thing changed, signed again.
provider.use(async (ctx, next) => {
  await next();
  const idToken = ctx.body && ctx.body.id_token;
  if (ctx.path !== '/token' || !idToken) return;
  const claims = jose.decodeJwt(idToken);
  const quirk = QUIRKS[claims.aud];
  if (!quirk) return;
  let key = signing;
  // Issued to another client, naming ours as the authorised party: Authlib's default checks (azp)
  // let this through; only the audience pinned to our client id refuses it.
  if (quirk === 'aud') Object.assign(claims, { aud: 'someone-else', azp: claims.aud });
  if (quirk === 'nonce') claims.nonce = 'not-the-nonce-sent';
  if (quirk === 'iss') claims.iss = 'http://127.0.0.1:1';
  if (quirk === 'exp') Object.assign(claims, { iat: claims.iat - 7200, exp: claims.iat - 3600 });
  if (quirk === 'sig') key = stranger;
  const header = { alg: 'RS256', kid: 'k1' };
  ctx.body = { ...ctx.body, id_token: await new jose.SignJWT(claims).setProtectedHeader(header)
    .sign(await jose.importJWK(key, 'RS256')) };
});

const form = (uid) => `<!doctype html><form method="post" action="/interaction/${uid}/login">
<input name="login"><input name="password" type="password"><button>Sign in</button></form>`;

async function interaction(req, res) {
  const [, , uid, step] = new URL(req.url, issuer).pathname.split('/');
  if (req.method === 'GET' && !step) {
    await provider.interactionDetails(req, res);
    res.writeHead(200, { 'content-type': 'text/html' }).end(form(uid));
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const sent = new URLSearchParams(body);
  if (!ACCOUNTS.has(sent.get('login')) || sent.get('password') !== PASSWORD) {
    res.writeHead(401, { 'content-type': 'text/html' }).end(form(uid));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: sent.get('login') } },
    { mergeWithLastSubmission: false });
}

const handle = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => res.writeHead(400).end(String(err)));
  } else {
    handle(req, res);
  }
}).listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
