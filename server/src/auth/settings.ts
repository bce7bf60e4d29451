/** Knobs of sign-in; defaults follow common guidance (OWASP ASVS level 2). */
export interface AuthSettings {
  /** Demo accounts may sign in only while the server runs in demo mode. */
  demoMode: boolean;
  /** Failed password or second-factor attempts before a temporary lockout. */
  maxFailures: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

export const defaultAuthSettings: AuthSettings = {
  demoMode: false,
  maxFailures: 5,
  lockoutMinutes: 15,
  sessionIdleMinutes: 120,
  sessionMaxHours: 12,
};
