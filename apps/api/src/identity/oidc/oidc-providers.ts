import { Injectable, Logger, NotFoundException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { errors, Issuer, type Client, type IdTokenClaims } from 'openid-client';
import { AppConfig, type OidcProviderConfig } from '../../core/config/app-config';

/** What a provider vouched for, from its verified ID token. */
export interface ProviderIdentity {
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
}

/**
 * The configured OpenID Connect providers, each an openid-client Client built from the provider's
 * discovery document (fetched once, again after a failure). The authorization-code flow with PKCE
 * (S256), `state` and `nonce`; openid-client verifies the ID token: signature against the
 * provider's JWKS (fetched again when a new `kid` appears), issuer, audience, expiry and nonce.
 */
@Injectable()
export class OidcProviders {
  private readonly logger = new Logger(OidcProviders.name);
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(private readonly config: AppConfig) {}

  list(): Array<Pick<OidcProviderConfig, 'id' | 'label'>> {
    return this.config.oidcProviders.map(({ id, label }) => ({ id, label }));
  }

  /** 404 for a provider that is not configured. */
  provider(id: string): OidcProviderConfig {
    const found = this.config.oidcProviders.find((p) => p.id === id);
    if (!found) throw new NotFoundException(`Signing in with "${id}" is not available`);
    return found;
  }

  /** Where the provider sends the browser back: a page of the SPA, which hands the code to the API. */
  redirectUri(id: string): string {
    return `${this.config.appUrl}/auth/callback/${id}`;
  }

  async authorizationUrl(id: string, p: { state: string; nonce: string; codeChallenge: string }): Promise<string> {
    const client = await this.client(id);
    return client.authorizationUrl({
      scope: 'openid email profile',
      redirect_uri: this.redirectUri(id),
      state: p.state,
      nonce: p.nonce,
      code_challenge: p.codeChallenge,
      code_challenge_method: 'S256',
      prompt: 'select_account',
    });
  }

  /** Exchanges the code and verifies the ID token; 401 naming what failed when the provider's answer cannot be trusted. */
  async verify(id: string, code: string, check: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderIdentity> {
    const provider = this.provider(id);
    const client = await this.client(id);
    let claims: IdTokenClaims;
    try {
      const tokens = await client.callback(
        this.redirectUri(id),
        { code, state: check.state },
        { code_verifier: check.codeVerifier, state: check.state, nonce: check.nonce, response_type: 'code' },
      );
      claims = tokens.claims();
    } catch (err) {
      if (err instanceof errors.RPError || err instanceof errors.OPError) {
        this.logger.warn({ provider: id, err: err.message }, 'Provider sign-in refused');
        throw new UnauthorizedException(`${provider.label} sign-in could not be verified (${plainReason(err)}). Please try again.`);
      }
      throw new ServiceUnavailableException(`${provider.label} cannot be reached right now. Please try again in a moment.`);
    }
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    return {
      provider: id,
      subject: claims.sub,
      email: text(claims.email)?.toLowerCase() ?? null,
      emailVerified: claims.email_verified === true,
      firstName: text(claims.given_name) ?? text(claims.name)?.split(' ')[0] ?? null,
      lastName: text(claims.family_name) ?? (text(claims.name)?.split(' ').slice(1).join(' ') || null),
    };
  }

  private client(id: string): Promise<Client> {
    const provider = this.provider(id);
    let client = this.clients.get(id);
    if (!client) {
      client = Issuer.discover(provider.issuer).then((issuer) =>
        followKeyRotation(
          issuer,
          new issuer.Client({
            client_id: provider.clientId,
            client_secret: provider.clientSecret.reveal(),
            redirect_uris: [this.redirectUri(id)],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          }),
        ),
      );
      // A failed discovery is not kept: the next sign-in tries again.
      client.catch(() => this.clients.delete(id));
      this.clients.set(id, client);
    }
    return client.catch((err: unknown) => {
      this.logger.warn({ provider: id, err: err instanceof Error ? err.message : String(err) }, 'Provider discovery failed');
      throw new ServiceUnavailableException(`${provider.label} cannot be reached right now. Please try again in a moment.`);
    });
  }
}

type ValidateIdToken = (...args: unknown[]) => Promise<unknown>;

/**
 * openid-client fetches the provider's JWKS again for an unknown `kid` at most once a minute; a
 * provider that starts signing with a new key inside that minute would fail every sign-in until it
 * passes. Our ID tokens come only from the token endpoint (the back channel, never the browser),
 * so an unknown key is worth one immediate reload of the JWKS and a second check.
 */
function followKeyRotation(issuer: Issuer<Client>, client: Client): Client {
  const target = client as unknown as { validateIdToken: ValidateIdToken };
  const validate = target.validateIdToken.bind(client) as ValidateIdToken;
  target.validateIdToken = async (...args) => {
    try {
      return await validate(...args);
    } catch (err) {
      if (!(err instanceof errors.RPError) || !/no valid key found/.test(err.message)) throw err;
      await (issuer as unknown as { reloadJwksUri(): Promise<void> }).reloadJwksUri();
      return validate(...args);
    }
  };
  return client;
}

/** openid-client's reason, in words a person can pass on (it names the check that failed). */
function plainReason(err: errors.RPError | errors.OPError): string {
  const message = err.message;
  if (/nonce mismatch/i.test(message)) return 'the answer was not for this sign-in';
  if (/expired|exp/i.test(message) && /JWT/i.test(message)) return 'the sign-in token has expired';
  if (/signature/i.test(message)) return 'the sign-in token’s signature is not valid';
  if (/aud|audience/i.test(message)) return 'the sign-in token was issued to another application';
  if (/iss/i.test(message)) return 'the sign-in token came from another issuer';
  if (err instanceof errors.OPError) return 'the provider refused the sign-in code, which may have been used already';
  return 'the sign-in token is not valid';
}
