/** A definition's deadline for a period: a month and day of the year after the reference year. */
import type { Definition } from '@observatory/core';

export function deadlineFor(definition: Definition, period: string): string | null {
  if (!definition.deadline) return null;
  const year = Number(period) + 1;
  const { month, day } = definition.deadline;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate(); // clamp 31 June to 30 June
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

export const isOverdue = (deadline: string | null, state: string, now: Date) =>
  deadline !== null && ['not_started', 'draft', 'returned'].includes(state) && now.toISOString().slice(0, 10) > deadline;
