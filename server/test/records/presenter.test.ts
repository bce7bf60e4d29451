/** What of a batch leaves the server: its check report, without the fingerprints only the commit uses. */
import { describe, expect, it } from 'vitest';
import { presentBatch } from '../../src/records/presenter.js';
import type { BatchRow } from '../../src/records/repository.js';

describe('a presented batch', () => {
  it('keeps the report’s counts and problems, and leaves out the fingerprints of repeated rows', () => {
    const row = {
      id: 'b1',
      number: 7,
      collection: 'ids',
      country: 'COL',
      kind: 'file',
      file_name: 'ids.csv',
      size_bytes: 10,
      state: 'ready',
      options: {},
      report: {
        rowsRead: 3,
        problems: [],
        crossDuplicates: [123456789],
        crossDuplicateRanges: [{ fromLine: 2, toLine: null, fingerprints: [123456789] }],
      },
      rows_read: 3,
      rows_accepted: 3,
      rows_rejected: 0,
      rows_duplicate: 1,
      error: null,
      created_by_label: 'test',
      created_at: '2026-11-27T10:00:00Z',
      committed_at: null,
      withdrawn_at: null,
      withdrawn_reason: null,
    } as unknown as BatchRow;
    const view = presentBatch(row);
    expect(view.report).toEqual({ rowsRead: 3, problems: [] });
    expect(JSON.stringify(view)).not.toContain('123456789');
  });
});
