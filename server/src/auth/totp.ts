/** TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1: what authenticator apps expect). */
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

export const newTotpSecret = () => generateSecret();

export const totpUri = (secret: string, label: string) => generateURI({ issuer: 'Observatory', label, secret });

export interface TotpCheck {
  valid: boolean;
  /** The time step the code belonged to; codes of this or an earlier step are then refused (no replay). */
  step: number | null;
}

export function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): TotpCheck {
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? { valid: true, step: result.timeStep } : { valid: false, step: null };
}

/** The current code for a secret; for the demo helper command and tests. */
export const currentTotp = (secret: string, now: Date) => generateSync({ secret, epoch: Math.floor(now.getTime() / 1000) });
