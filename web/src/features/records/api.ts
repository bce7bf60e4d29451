/**
 * The record routes the upload and entry pages use (server/src/records/routes.ts): a file
 * goes up as the request body (with upload progress), its check is followed through
 * server-sent events, then the batch is committed, cancelled, checked again or withdrawn.
 */
import type { Static } from 'typebox';
import type {
  BatchOptionsBody,
  BatchView,
  DuplicateList as DuplicateListSchema,
  DuplicateReview as DuplicateReviewSchema,
  EnteredRecord as EnteredRecordSchema,
  MappingList as MappingListSchema,
} from '@observatory/core';
import { request, uploadWithProgress, url } from '../../api/client.js';
import type { CheckProgress } from './model.js';

export type EnteredRecord = Static<typeof EnteredRecordSchema>;
export type SavedMapping = Static<typeof MappingListSchema>['mappings'][number];
export type DuplicatePage = Static<typeof DuplicateListSchema>;
export type DuplicateDecision = Static<typeof DuplicateReviewSchema>['decision'];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const collectionPath = (country: string, collection: string) => `/countries/${country}/records/${encodeURIComponent(collection)}`;
const batchPath = (id: string) => `/record-batches/${encodeURIComponent(id)}`;

/** The content type the server reads the file as: the workbook type for .xlsx, CSV otherwise. */
export const uploadType = (file: File) => (/\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE ? XLSX_TYPE : 'text/csv');

export interface UploadOptions {
  decimal?: '.' | ',' | undefined;
  dateOrder?: 'dmy' | 'mdy' | 'ymd' | undefined;
  mapping?: string | undefined;
  force?: boolean | undefined;
}

/** Flagged records fetched at a time: each comes with its twins, a table to read. */
const DUPLICATES_PAGE = 20;

export const batchesApi = {
  upload: (
    country: string,
    collection: string,
    file: File,
    options: UploadOptions,
    onProgress: (fraction: number | null) => void,
    signal?: AbortSignal,
  ) =>
    uploadWithProgress<BatchView>(
      `${collectionPath(country, collection)}/batches`,
      { data: file, contentType: uploadType(file) },
      { query: { fileName: file.name, ...options }, onProgress, ...(signal ? { signal } : {}) },
    ),
  list: (country: string, collection: string, signal?: AbortSignal) =>
    request<{ batches: BatchView[] }>('GET', `${collectionPath(country, collection)}/batches`, signal ? { signal } : {}).then(
      (r) => r.batches,
    ),
  get: (id: string, signal?: AbortSignal) => request<BatchView>('GET', batchPath(id), signal ? { signal } : {}),
  commit: (id: string, acceptPartial: boolean) =>
    request<BatchView>('POST', `${batchPath(id)}/commit`, { query: acceptPartial ? { acceptPartial: true } : {} }),
  cancel: (id: string) => request<BatchView>('POST', `${batchPath(id)}/cancel`),
  recheck: (id: string, body: BatchOptionsBody) => request<BatchView>('POST', `${batchPath(id)}/recheck`, { body }),
  withdraw: (id: string, reason: string) => request<BatchView>('POST', `${batchPath(id)}/withdraw`, { body: { reason } }),
  /** A plain link (the browser downloads it with the session cookie). */
  rejectedHref: (id: string) => url(`${batchPath(id)}/rejected.csv`),
  mappings: (country: string, collection: string, signal?: AbortSignal) =>
    request<{ mappings: SavedMapping[] }>('GET', `${collectionPath(country, collection)}/mappings`, signal ? { signal } : {}).then(
      (r) => r.mappings,
    ),
  saveMapping: (country: string, collection: string, name: string, columns: Record<string, string | null>) =>
    request<{ ok: true }>('PUT', `${collectionPath(country, collection)}/mappings`, { body: { name, columns } }),
  enter: (country: string, collection: string, values: Record<string, unknown>) =>
    request<EnteredRecord>('POST', collectionPath(country, collection), { body: values }),
  duplicates: (country: string, collection: string, after: number | null, signal?: AbortSignal) =>
    request<DuplicatePage>('GET', `${collectionPath(country, collection)}/duplicates`, {
      query: after === null ? { limit: DUPLICATES_PAGE } : { after, limit: DUPLICATES_PAGE },
      ...(signal ? { signal } : {}),
    }),
  reviewDuplicate: (country: string, collection: string, id: number, decision: DuplicateDecision) =>
    request<Static<typeof DuplicateReviewSchema>>('POST', `${collectionPath(country, collection)}/${id}/duplicate-review`, {
      body: { decision },
    }),
};

/**
 * Follows a batch's check: `progress` events while the file is read, then the batch once
 * it is checked. The server ends the stream after the batch; the source is closed then so
 * the browser does not reconnect. When the stream fails (a proxy that buffers events, a
 * dropped connection), the batch is polled instead. Returns a function that stops.
 */
export function followBatch(
  id: string,
  handlers: { onProgress: (p: CheckProgress) => void; onBatch: (b: BatchView) => void; onError: (err: unknown) => void },
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const source = new EventSource(url(`${batchPath(id)}/events`), { withCredentials: true });
  const stop = () => {
    stopped = true;
    source.close();
    if (timer) clearTimeout(timer);
  };
  const settle = (b: BatchView) => {
    if (b.state === 'validating') {
      // Not checked yet (the stream closed early): ask again shortly.
      timer = setTimeout(poll, 700);
      return;
    }
    stop();
    handlers.onBatch(b);
  };
  const poll = () => {
    if (stopped) return;
    batchesApi.get(id).then(
      (b) => !stopped && settle(b),
      (err: unknown) => {
        if (stopped) return;
        stop();
        handlers.onError(err);
      },
    );
  };
  source.addEventListener('progress', (e) => {
    try {
      handlers.onProgress(JSON.parse((e as MessageEvent<string>).data) as CheckProgress);
    } catch {
      // A malformed event is skipped; the next one or the batch will come.
    }
  });
  source.addEventListener('batch', (e) => {
    source.close();
    try {
      settle(JSON.parse((e as MessageEvent<string>).data) as BatchView);
    } catch {
      poll();
    }
  });
  source.onerror = () => {
    if (stopped) return;
    source.close();
    poll();
  };
  return stop;
}
