import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import {
  BatchList,
  BatchOptionsBody,
  BatchParams,
  BatchView,
  CommitQuery,
  WithdrawBody,
  DefinitionBundle,
  EnteredRecord,
  ErrorBody,
  MappingBody,
  MappingList,
  Ok,
  RecordCollectionParams,
  RecordDefinitionParams,
  RecordInput,
  RecordList,
  RecordListQuery,
  RecordParams,
  DuplicateList,
  DuplicateListQuery,
  DuplicateReview,
  DuplicateReviewBody,
  UploadQuery,
  allFields,
} from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { AppError, notFound } from '../shared/errors.js';
import { transact } from '../shared/context.js';
import { appendAuditEvent } from '../audit/repository.js';
import * as batches from './batches.js';
import { enterRecord } from './entry.js';
import { possibleDuplicates, reviewDuplicate } from './duplicates.js';
import { reportProgress, runningJob, startJob } from './jobs.js';
import { recordsAccess } from './policy.js';
import { presentBatch, presentRecord } from './presenter.js';
import * as repo from './repository.js';

const MAX_UPLOAD = 1024 * 1024 * 1024;
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/csv',
  'application/octet-stream',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody };
const tags = ['records'];

export function recordsRoutes(app: App, services: AppServices) {
  const { kysely, registry } = services;

  const check = (batchId: string) =>
    startJob(batchId, async (job) => {
      await batches.checkBatch(services, batchId, { onProgress: (p) => reportProgress(job, p), signal: job.abort.signal });
    });

  app.get(
    '/record-definitions/:collection',
    {
      schema: {
        tags,
        summary: 'A record collection’s fields and code lists (for forms and header mapping)',
        params: RecordDefinitionParams,
        response: { 200: DefinitionBundle, ...errors },
      },
      config: { access: recordsAccess.definition },
    },
    async (request) => {
      const def = await registry.recordDefinition(request.params.collection);
      const lists = await registry.codeLists();
      const ids = new Set(allFields(def).flatMap((f) => (f.codeList ? [f.codeList] : [])));
      return { definition: def, codeLists: [...ids].map((id) => lists.get(id)).filter(Boolean) };
    },
  );

  app.register(async (scope) => {
    // The file is the request body, streamed to disk as it arrives: nothing is held in memory.
    scope.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    (scope as unknown as App).post(
      '/countries/:country/records/:collection/batches',
      {
        schema: {
          tags,
          summary:
            'Upload a CSV or XLSX file of records; it is checked in the background (follow /record-batches/{id}/events), then committed or cancelled',
          params: RecordCollectionParams,
          querystring: UploadQuery,
          response: { 202: BatchView, ...errors },
        },
        config: { access: recordsAccess.upload },
      },
      async (request, reply) => {
        const { country, collection } = request.params;
        // A JSON body is parsed before it gets here: only the upload types arrive as a stream.
        if (!(request.body instanceof Readable))
          throw new AppError('unsupported_media_type', 415, 'send the file itself as the body: text/csv, or an XLSX workbook');
        await registry.recordDefinition(collection);
        const batchId = randomUUID();
        const dir = await batches.ensureBatchDir(services, batchId);
        const files = batches.batchFiles(dir);
        const hash = createHash('sha256');
        let size = 0;
        try {
          await pipeline(
            request.body as NodeJS.ReadableStream,
            new Transform({
              transform(chunk: Buffer, _e, cb) {
                size += chunk.length;
                if (size > MAX_UPLOAD)
                  return cb(
                    new AppError('payload_too_large', 413, `files above ${MAX_UPLOAD / 1024 / 1024} MB are refused; split the file`),
                  );
                hash.update(chunk);
                cb(null, chunk);
              },
            }),
            createWriteStream(files.source),
          );
          if (size === 0) throw new AppError('validation_failed', 400, 'the file is empty', '/body');
          const { fileName, force, ...options } = request.query;
          const batch = await batches.registerBatch(services, request.caller.actor, request.id, {
            batchId,
            collection,
            country,
            fileName,
            size,
            sha: hash.digest('hex'),
            options: { ...options, force: Boolean(force) },
          });
          check(batch.id);
          return reply.status(202).send(presentBatch(batch));
        } catch (err) {
          await rm(dir, { recursive: true, force: true });
          throw err;
        }
      },
    );
  });

  app.get(
    '/countries/:country/records/:collection/batches',
    {
      schema: {
        tags,
        summary: 'Recent uploads of a country for a collection',
        params: RecordCollectionParams,
        response: { 200: BatchList, ...errors },
      },
      config: { access: recordsAccess.listBatches },
    },
    async (request) => ({
      batches: (await repo.listBatches(kysely, request.params.country, request.params.collection, 100)).map(presentBatch),
    }),
  );

  const loadBatch = async (id: string) => {
    const b = await repo.findBatch(kysely, id);
    if (!b) throw notFound('the batch');
    return b;
  };

  app.get(
    '/record-batches/:batchId',
    {
      schema: {
        tags,
        summary: 'A batch: state, detected layout and mapping, counts and problems',
        params: BatchParams,
        response: { 200: BatchView, ...errors },
      },
      config: { access: recordsAccess.batch },
    },
    async (request) => presentBatch(await loadBatch(request.params.batchId)),
  );

  app.get(
    '/record-batches/:batchId/events',
    {
      schema: { tags, summary: 'Server-sent events: progress while the file is checked, then the batch', params: BatchParams },
      config: { access: recordsAccess.batch },
    },
    async (request, reply) => {
      const id = request.params.batchId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-request-id': request.id,
        'x-content-type-options': 'nosniff',
      });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const finish = async () => {
        send('batch', presentBatch(await loadBatch(id)));
        res.end();
      };
      const job = runningJob(id);
      if (!job) return finish();
      send('progress', job.progress);
      const onProgress = (p: unknown) => send('progress', p);
      job.events.on('progress', onProgress);
      request.raw.on('close', () => job.events.off('progress', onProgress));
      job.events.once('done', () => {
        job.events.off('progress', onProgress);
        finish().catch(() => res.end());
      });
    },
  );

  app.get(
    '/record-batches/:batchId/rejected.csv',
    {
      schema: { tags, summary: 'Every rejected row with its line, field and reason (CSV)', params: BatchParams },
      config: { access: recordsAccess.batch },
    },
    async (request, reply) => {
      const b = await loadBatch(request.params.batchId);
      const file = batches.batchFiles(batches.batchDir(services, b.id)).rejected;
      const exists = await stat(file).catch(() => null);
      if (!exists) throw notFound('the rejected-rows report of this batch');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejected-${b.collection}-${b.country}-${b.number}.csv"`)
        .send(createReadStream(file));
    },
  );

  app.post(
    '/record-batches/:batchId/commit',
    {
      schema: {
        tags,
        summary: 'Store every accepted row of a checked batch, all or none (a batch with rejected rows only with acceptPartial)',
        params: BatchParams,
        querystring: CommitQuery,
        response: { 200: BatchView, ...errors },
      },
      config: { access: recordsAccess.changeBatch },
    },
    async (request) =>
      presentBatch(
        await batches.commitBatch(services, request.caller.actor, request.id, request.params.batchId, {
          acceptPartial: request.query.acceptPartial ?? false,
        }),
      ),
  );

  app.post(
    '/record-batches/:batchId/cancel',
    {
      schema: { tags, summary: 'Drop a batch that is not committed', params: BatchParams, response: { 200: BatchView, ...errors } },
      config: { access: recordsAccess.changeBatch },
    },
    async (request) => {
      runningJob(request.params.batchId)?.abort.abort();
      return presentBatch(await batches.cancelBatch(services, request.caller.actor, request.id, request.params.batchId));
    },
  );

  app.post(
    '/record-batches/:batchId/withdraw',
    {
      schema: {
        tags,
        summary: 'Take a committed batch back: its records leave the tables and the analyses, with the reason in the audit trail',
        params: BatchParams,
        body: WithdrawBody,
        response: { 200: BatchView, ...errors },
      },
      config: { access: recordsAccess.changeBatch },
    },
    async (request) =>
      presentBatch(await batches.withdrawBatch(services, request.caller.actor, request.id, request.params.batchId, request.body.reason)),
  );

  app.post(
    '/record-batches/:batchId/recheck',
    {
      schema: {
        tags,
        summary: 'Check the file again with another header mapping, decimal mark or date order',
        params: BatchParams,
        body: BatchOptionsBody,
        response: { 202: BatchView, ...errors },
      },
      config: { access: recordsAccess.changeBatch },
    },
    async (request, reply) => {
      const row = await batches.setBatchOptions(services, request.caller.actor, request.id, request.params.batchId, request.body);
      check(row.id);
      return reply.status(202).send(presentBatch(row));
    },
  );

  app.post(
    '/countries/:country/records/:collection',
    {
      schema: {
        tags,
        summary: 'Enter one record (the same checks as an upload)',
        params: RecordCollectionParams,
        body: RecordInput,
        response: { 201: EnteredRecord, ...errors },
      },
      config: { access: recordsAccess.enter },
    },
    async (request, reply) => {
      const { country, collection } = request.params;
      const r = await runAs(services, request, (tx) => enterRecord(tx, registry, collection, country, request.body));
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/countries/:country/records/:collection',
    {
      schema: {
        tags,
        summary: 'A country’s records, oldest first, by pages',
        params: RecordCollectionParams,
        querystring: RecordListQuery,
        response: { 200: RecordList, ...errors },
      },
      config: { access: recordsAccess.list },
    },
    async (request) => {
      const { country, collection } = request.params;
      const def = await registry.recordDefinition(collection);
      const limit = request.query.limit ?? 100;
      const rows = await repo.listRecords(kysely, def, country, {
        from: request.query.from,
        to: request.query.to,
        batch: request.query.batch,
        afterId: request.query.after,
        limit,
      });
      return { records: rows.map((r) => presentRecord(def, r)), next: rows.length === limit ? Number(rows[rows.length - 1]!['id']) : null };
    },
  );

  app.get(
    '/countries/:country/records/:collection/duplicates',
    {
      schema: {
        tags,
        summary: 'Records flagged as possible duplicates, each with the stored records it looks like, by pages',
        params: RecordCollectionParams,
        querystring: DuplicateListQuery,
        response: { 200: DuplicateList, ...errors },
      },
      config: { access: recordsAccess.list },
    },
    async (request) => {
      const { country, collection } = request.params;
      const def = await registry.recordDefinition(collection);
      return possibleDuplicates(kysely, def, country, { afterId: request.query.after, limit: request.query.limit ?? 50 });
    },
  );

  app.post(
    '/countries/:country/records/:collection/:recordId/duplicate-review',
    {
      schema: {
        tags,
        summary: 'Decide on a possible duplicate: distinct (the flag goes) or duplicate (the record goes, while a twin stays)',
        params: RecordParams,
        body: DuplicateReviewBody,
        response: { 200: DuplicateReview, ...errors },
      },
      config: { access: recordsAccess.enter },
    },
    async (request) => {
      const { country, collection, recordId } = request.params;
      const def = await registry.recordDefinition(collection);
      return runAs(services, request, (tx) => reviewDuplicate(tx, def, country, recordId, request.body.decision));
    },
  );

  app.get(
    '/countries/:country/records/:collection/mappings',
    {
      schema: {
        tags,
        summary: 'Header mappings saved for this country',
        params: RecordCollectionParams,
        response: { 200: MappingList, ...errors },
      },
      config: { access: recordsAccess.mappings },
    },
    async (request) => ({
      mappings: (await repo.listMappings(kysely, request.params.country, request.params.collection)).map((m) => ({
        name: m.name,
        columns: m.mapping as Record<string, string | null>,
        updatedAt: new Date(m.updated_at).toISOString(),
      })),
    }),
  );

  app.put(
    '/countries/:country/records/:collection/mappings',
    {
      schema: {
        tags,
        summary: 'Save a header mapping for reuse',
        params: RecordCollectionParams,
        body: MappingBody,
        response: { 200: Ok, ...errors },
      },
      config: { access: recordsAccess.mappings },
    },
    async (request) => {
      const { country, collection } = request.params;
      const def = await registry.recordDefinition(collection);
      const known = new Set(allFields(def).map((f) => f.id));
      for (const [header, field] of Object.entries(request.body.columns))
        if (field && !known.has(field))
          throw new AppError('validation_failed', 400, `${field} is not a field of ${collection}`, `/body/columns/${header}`);
      await transact(services, request.caller.actor, request.id, async (tx) => {
        await repo.saveMapping(tx.trx, {
          country,
          collection,
          name: request.body.name,
          mapping: request.body.columns,
          by: tx.actor.label,
          now: tx.clock.now(),
        });
        await appendAuditEvent(tx, {
          action: 'record_mapping.saved',
          objectType: 'record_mapping',
          objectId: `${country}/${collection}/${request.body.name}`,
          country,
          after: request.body.columns,
        });
      });
      return { ok: true as const };
    },
  );
}
