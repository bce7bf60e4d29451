/**
 * What a country user must do next, derived from their submissions: answer queries,
 * correct returned questionnaires, finish overdue or open drafts. Most urgent first.
 */
import type { SubmissionView } from '@observatory/core';

export type TodoKind = 'answer_queries' | 'returned' | 'overdue' | 'draft' | 'fill_sections';

export interface Todo {
  kind: TodoKind;
  submission: SubmissionView;
  urgent: boolean;
}

const RANK: Record<TodoKind, number> = { returned: 0, answer_queries: 1, overdue: 2, draft: 3, fill_sections: 4 };

export function todosOf(submissions: readonly SubmissionView[]): Todo[] {
  const out: Todo[] = [];
  for (const s of submissions) {
    const focal = s.actions.includes('submit') || s.actions.includes('resubmit');
    if (s.openQueries > 0 && (s.state === 'queried' || s.state === 'submitted'))
      out.push({ kind: 'answer_queries', submission: s, urgent: true });
    else if (s.state === 'returned' && s.canEdit) out.push({ kind: 'returned', submission: s, urgent: true });
    else if (s.state === 'draft' && s.canEdit && focal)
      out.push({ kind: s.overdue ? 'overdue' : 'draft', submission: s, urgent: s.overdue });
    // A data provider fills sections; submitting is the focal point's.
    else if (s.state === 'draft' && s.canEdit) out.push({ kind: 'fill_sections', submission: s, urgent: s.overdue });
  }
  return out.sort(
    (a, b) => RANK[a.kind] - RANK[b.kind] || (a.submission.deadline ?? '9999').localeCompare(b.submission.deadline ?? '9999'),
  );
}
