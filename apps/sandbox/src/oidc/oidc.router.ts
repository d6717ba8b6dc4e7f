import express, { type Request, type Response, type Router } from 'express';
import { escapeHtml, page } from '../core/html';
import {
  ID_TOKEN_FAULTS,
  isIdTokenFault,
  PEOPLE,
  personFor,
  type OidcProvider,
  type Person,
  type TokenError,
  type TokenResponse,
} from './oidc-provider';

const BRAND = 'Google (sandbox)';
/** Fields of the consent form itself; anything else posted back is the original authorization request. */
const CONSENT_FIELDS = new Set(['person', 'decision', 'email', 'given_name', 'family_name', 'email_verified']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string-valued entries of a parsed query or form (repeated parameters are dropped). */
function stringsOf(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(source)) return out;
  for (const [k, v] of Object.entries(source)) if (typeof v === 'string') out[k] = v;
  return out;
}

function requestParams(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !CONSENT_FIELDS.has(k)));
}

function errorPage(res: Response, error: string, description: string): void {
  res
    .status(400)
    .type('html')
    .send(
      page(
        'Sign in with Google',
        `<h1>Access blocked: this request is invalid</h1>
         <p class="error" id="error"><strong>Error 400: ${escapeHtml(error)}</strong><br>${escapeHtml(description)}</p>`,
        BRAND,
      ),
    );
}

function consentPage(params: Record<string, string>, custom: Record<string, string> = {}, problem?: string): string {
  const hidden = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const people = PEOPLE.map(
    (p) =>
      `<div><button type="submit" name="person" value="${escapeHtml(p.sub)}">${escapeHtml(p.name)} — ${escapeHtml(p.email)}</button>${
        p.email_verified ? '' : ' <span class="muted">email not verified</span>'
      }</div>`,
  ).join('\n');
  const verified = custom.email === undefined || custom.email_verified === 'true' ? ' checked' : '';
  return page(
    'Sign in with Google',
    `<h1>Sign in with Google (LeadFlow sandbox)</h1>
     <p>Choose an account to continue to <strong id="client">${escapeHtml(params.client_id)}</strong>.</p>
     ${problem ? `<p class="error" id="error">${escapeHtml(problem)}</p>` : ''}
     <form method="post" action="/oidc/authorize">
       ${hidden}
       ${people}
       <h2>Someone else</h2>
       <label for="email">Email</label><input id="email" name="email" type="text" inputmode="email" autocomplete="email" value="${escapeHtml(custom.email)}">
       <div class="row">
         <div><label for="given_name">First name</label><input id="given_name" name="given_name" value="${escapeHtml(custom.given_name)}"></div>
         <div><label for="family_name">Last name</label><input id="family_name" name="family_name" value="${escapeHtml(custom.family_name)}"></div>
       </div>
       <label><input type="checkbox" name="email_verified" value="true" style="width:auto"${verified}> Email address verified</label>
       <button type="submit" name="person" value="custom" id="custom">Continue as this person</button>
       <p><button type="submit" name="decision" value="deny" class="secondary" id="cancel">Cancel</button></p>
     </form>`,
    BRAND,
  );
}

/** RFC 6749 §2.3.1: the Basic credentials are each form-urlencoded before joining. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function clientCredentials(req: Request, body: Record<string, string>): { id?: string; secret?: string; basic: boolean } {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { basic: true };
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), basic: true };
  }
  return { id: body.client_id, secret: body.client_secret, basic: false };
}

/** `/oidc`: discovery, authorize (consent page), token, userinfo and JWKS. */
export function oidcRouter(provider: OidcProvider): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));

  router.get('/.well-known/openid-configuration', (_req, res) => {
    const issuer = provider.issuer();
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['aud', 'azp', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'nonce', 'sub'],
      grant_types_supported: ['authorization_code'],
    });
  });

  router.get('/jwks', async (_req, res) => {
    res.json(await provider.keys.jwks());
  });

  router.get('/authorize', (req, res) => {
    const params = requestParams(stringsOf(req.query));
    const check = provider.checkAuthorization(params);
    if (!check.ok) return errorPage(res, check.error, check.description);
    res.type('html').send(consentPage(params));
  });

  router.post('/authorize', (req, res) => {
    const fields = stringsOf(req.body);
    const params = requestParams(fields);
    const check = provider.checkAuthorization(params);
    if (!check.ok) return errorPage(res, check.error, check.description);
    const { request } = check;
    const target = new URL(request.redirectUri);
    if (request.state) target.searchParams.set('state', request.state);

    if (fields.decision === 'deny') {
      target.searchParams.set('error', 'access_denied');
      return res.redirect(302, target.toString());
    }
    let person: Person | undefined;
    if (fields.person === 'custom') {
      const email = (fields.email ?? '').trim();
      if (!EMAIL.test(email))
        return void res
          .status(400)
          .type('html')
          .send(consentPage(params, fields, 'Enter an email address.'));
      person = personFor(email, (fields.given_name ?? '').trim(), (fields.family_name ?? '').trim(), fields.email_verified === 'true');
    } else {
      person = provider.person(fields.person ?? '');
      if (!person)
        return void res
          .status(400)
          .type('html')
          .send(consentPage(params, fields, 'Choose an account.'));
    }
    target.searchParams.set('code', provider.issueCode(request, person));
    res.redirect(302, target.toString());
  });

  router.post('/token', async (req, res) => {
    const body = stringsOf(req.body);
    if (body.client_secret) res.locals.loggedBody = { ...body, client_secret: '…' };
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
    const { id, secret, basic } = clientCredentials(req, body);
    const send = (r: TokenResponse | TokenError): void => {
      if (!('error' in r)) return void res.json(r);
      if (r.error === 'invalid_client' && basic) res.set('WWW-Authenticate', 'Basic realm="oidc"');
      res.status(r.error === 'invalid_client' ? 401 : 400).json(r);
    };
    if (!id || !provider.clientIsValid(id, secret)) return send({ error: 'invalid_client', error_description: 'Unauthorized' });
    if (!body.grant_type) return send({ error: 'invalid_request', error_description: 'Missing required parameter: grant_type' });
    if (body.grant_type !== 'authorization_code')
      return send({ error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${body.grant_type}` });
    send(await provider.exchangeCode(id, { code: body.code, redirectUri: body.redirect_uri, codeVerifier: body.code_verifier }));
  });

  const userinfo = (req: Request, res: Response): void => {
    const check = provider.userinfo(req.headers.authorization);
    if (!check.ok) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return void res.status(401).json({ error: 'invalid_token', error_description: check.description });
    }
    const { sub, email, email_verified, name, given_name, family_name } = check.person;
    res.json({ sub, email, email_verified, name, given_name, family_name });
  };
  router.get('/userinfo', userinfo);
  router.post('/userinfo', userinfo);

  return router;
}

/** `/_sandbox/oidc`: key rotation, faulty ID tokens on demand, and the test people. */
export function oidcControlRouter(provider: OidcProvider): Router {
  const router = express.Router();

  router.post('/rotate-keys', async (_req, res) => {
    res.json({ kid: await provider.keys.rotate() });
  });

  router.post('/next-token', (req, res) => {
    const fault: unknown = isRecord(req.body) ? req.body.fault : undefined;
    if (!isIdTokenFault(fault)) return void res.status(400).json({ error: `fault must be one of: ${ID_TOKEN_FAULTS.join(', ')}` });
    provider.setNextTokenFault(fault);
    res.json({ fault });
  });

  router.get('/next-token', (_req, res) => {
    res.json({ fault: provider.nextTokenFault() });
  });

  router.delete('/next-token', (_req, res) => {
    provider.setNextTokenFault(undefined);
    res.json({ fault: null });
  });

  router.get('/people', (_req, res) => {
    res.json({ data: PEOPLE });
  });

  return router;
}
