/** Record imports in tests: a file into a registered batch, then checked, committed or imported in one go. */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Db } from '../../src/db/connect.js';
import * as batches from '../../src/records/batches.js';
import { createServices } from '../../src/services.js';
import { defaultAuthSettings } from '../../src/auth/settings.js';
import type { AppServices } from '../../src/http/services.js';
import { cliActor } from '../../src/shared/actor.js';
import { systemClock, type Clock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { uploadFolder } from './scratch.js';

export async function recordServices(db: Db, clock: Clock = systemClock): Promise<AppServices> {
  const uploadDir = await uploadFolder();
  return createServices(db, clock, defaultAuthSettings, { uploadDir, logger: createLogger({ level: 'silent' }) });
}

export async function stage(
  services: AppServices,
  collection: string,
  country: string,
  content: string | Buffer,
  options: batches.BatchOptions = {},
) {
  const batchId = randomUUID();
  const dir = await batches.ensureBatchDir(services, batchId);
  const path = batches.batchFiles(dir).source;
  await writeFile(path, content);
  const sha = await batches.sha256File(path);
  await batches.registerBatch(services, cliActor('test'), null, {
    batchId,
    collection,
    country,
    fileName: 'upload.csv',
    size: Buffer.byteLength(content),
    sha,
    options,
  });
  return batchId;
}

export const IDS_HEADER =
  'Date,City,Location type,Drug,Quantity,Unit,Mode of transport,Country of origin,Transit,Country of destination,Handling';
