/**
 * Who is acting. Built by the HTTP layer from a session or token, by the CLI for the
 * operator, or as the system itself; commands and policies only ever see this.
 */
import type { RoleGrant, TokenScope } from '@observatory/core';

export interface Actor {
  readonly kind: 'user' | 'system' | 'anonymous';
  readonly userId: string | null;
  /** For audit lines and logs: the e-mail, or a system label such as 'cli'. */
  readonly label: string;
  readonly roles: readonly RoleGrant[];
  readonly via: 'session' | 'token' | 'cli' | 'system' | 'none';
  /** Set when the actor came through an API token. */
  readonly tokenScopes: readonly TokenScope[] | null;
}

export const anonymous: Actor = {
  kind: 'anonymous',
  userId: null,
  label: 'anonymous',
  roles: [],
  via: 'none',
  tokenScopes: null,
};

/** The operator at the command line, who has the machine and therefore every right. */
export const cliActor = (label = 'cli'): Actor => ({
  kind: 'system',
  userId: null,
  label: `system:${label}`,
  roles: [{ role: 'administrator', country: null, collections: [] }],
  via: 'cli',
  tokenScopes: null,
});

export const systemActor = (label: string): Actor => ({ ...cliActor(label), via: 'system' });
