/** Where the shipped reference files live, from both src/ and dist/ (same depth). */
import { fileURLToPath } from 'node:url';

export const REFERENCE_DIR = fileURLToPath(new URL('../../reference/', import.meta.url));
export const referenceFile = (name: string) => REFERENCE_DIR + name;
