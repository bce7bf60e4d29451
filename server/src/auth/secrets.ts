/**
 * Credentials at rest. Passwords: argon2id with OWASP's minimum parameters (19 MiB,
 * 2 passes). Session and API-token secrets are 256-bit random values, so a single
 * SHA-256 is enough to store them: nothing to brute-force, and lookups stay indexed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, PARAMS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash that matches nothing, verified when the account does not exist so both paths cost alike. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API tokens carry a recognisable prefix so that secret scanners can find leaked ones. */
export const TOKEN_PREFIX = 'obs_';
export const newTokenSecret = () => TOKEN_PREFIX + randomSecret(32);
