import type { QueryView } from '@observatory/core';
import type { queriesWithMessages } from './repository.js';

type Loaded = Awaited<ReturnType<typeof queriesWithMessages>>[number];

export const presentQuery = ({ query, messages }: Loaded): QueryView => ({
  id: query.id,
  submission: query.submission_id,
  cell: query.cell_key,
  item: query.item,
  state: query.state as QueryView['state'],
  createdBy: query.created_by_label,
  createdAt: new Date(query.created_at).toISOString(),
  closedAt: query.closed_at ? new Date(query.closed_at).toISOString() : null,
  messages: messages.map((m) => ({ by: m.author_label, body: m.body, at: new Date(m.created_at).toISOString() })),
});
