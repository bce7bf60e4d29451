/**
 * A withdrawn release says who withdrew it, when and why, on the release itself (the
 * publisher's page and the API show it); until now only the audit log held the reason.
 * Releases withdrawn before this migration take theirs from the audit log.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE releases ADD COLUMN withdrawn_by text, ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_reason text;
    UPDATE releases r SET withdrawn_by = a.actor_label, withdrawn_at = a.occurred_at, withdrawn_reason = a.after ->> 'reason'
      FROM audit_events a
      WHERE r.state = 'withdrawn' AND a.action = 'release.withdrawn' AND a.object_id = r.id::text;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0006_release_withdrawal is not reversible; restore a backup instead');
}
