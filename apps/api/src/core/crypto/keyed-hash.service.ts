import { Injectable } from '@nestjs/common';
import { createHmac, hkdfSync } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/**
 * HMAC-SHA256 under a secret key, for values we must recognise but never hold (a person who asked
 * to be erased). Without the key a hash cannot be tested against guesses, as a plain hash of a
 * phone number can (there are only so many). The key is PRIVACY_HASH_KEY, or one derived from
 * ENCRYPTION_KEY (HKDF, its own label) when that is not set.
 */
@Injectable()
export class KeyedHashService {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    const own = config.privacy.hashKey?.reveal();
    this.key = own
      ? Buffer.from(own, 'utf8')
      : Buffer.from(hkdfSync('sha256', Buffer.from(config.encryptionKey.reveal(), 'base64'), '', 'leadflow privacy hash v1', 32));
  }

  /** Hex; `purpose` keeps hashes of different kinds of value apart (an email and a phone never collide). */
  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}:${value}`).digest('hex');
  }
}
