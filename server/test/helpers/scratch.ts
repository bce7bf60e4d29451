/** Folders a test file writes to, inside the run's scratch folder, which the run removes at its end. */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import type {} from './provided.js';

export const uploadFolder = () => mkdtemp(join(inject('scratchDir'), 'uploads-'));
