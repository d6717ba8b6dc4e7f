import { createHash, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateRsaKeyPair = promisify(generateKeyPair);

export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  use: 'sig';
  alg: 'RS256';
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: PublicJwk;
}

async function newKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const { n = '', e = '' } = publicKey.export({ format: 'jwk' });
  // The RFC 7638 thumbprint (members in lexical order), cut to the 40 hex characters Google's kids have.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('hex')
    .slice(0, 40);
  return { kid, privateKey, jwk: { kty: 'RSA', n, e, kid, use: 'sig', alg: 'RS256' } };
}

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * RS256 keys published the way Google does: the current key signs, the previous one stays in the
 * JWKS so tokens it signed keep verifying. Keys are made on first use (a 2048-bit key costs
 * ~150 ms), so a sandbox that never sees OIDC never pays for them.
 */
export class SigningKeys {
  /** [current, previous]; a chain of promises, so rotations run one after another. */
  private keys: Promise<[SigningKey, SigningKey]> | undefined;
  /** Signs forged tokens: never published. */
  private impostor: Promise<SigningKey> | undefined;

  private pair(): Promise<[SigningKey, SigningKey]> {
    return (this.keys ??= Promise.all([newKey(), newKey()]));
  }

  async currentKid(): Promise<string> {
    return (await this.pair())[0].kid;
  }

  /** A new key signs from now on; the current one becomes the previous; the previous is dropped. */
  async rotate(): Promise<string> {
    this.keys = this.pair().then(async ([current]): Promise<[SigningKey, SigningKey]> => [await newKey(), current]);
    return this.currentKid();
  }

  async jwks(): Promise<{ keys: PublicJwk[] }> {
    return { keys: (await this.pair()).map((k) => k.jwk) };
  }

  /** A compact JWS. `forged`: signed by a key that is not published, under the current key's kid. */
  async sign(payload: Record<string, unknown>, forged = false): Promise<string> {
    const [current] = await this.pair();
    const key = forged ? await (this.impostor ??= newKey()) : current;
    const signingInput = `${b64url(JSON.stringify({ alg: 'RS256', kid: current.kid, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    return `${signingInput}.${b64url(sign('sha256', Buffer.from(signingInput), key.privateKey))}`;
  }
}
