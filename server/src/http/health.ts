import { Type } from 'typebox';
import { sql } from 'kysely';
import type { App } from './app-types.js';
import { publicRoute } from './access.js';
import type { AppServices } from './services.js';

const Health = Type.Object({ status: Type.Literal('ok') });

export function healthRoutes(app: App, services: AppServices) {
  app.get(
    '/healthz',
    {
      schema: { tags: ['health'], summary: 'Ready once the database answers', response: { 200: Health } },
      config: { access: publicRoute('load balancers and monitors probe it') },
    },
    async () => {
      await sql`select 1`.execute(services.kysely);
      return { status: 'ok' as const };
    },
  );
}
