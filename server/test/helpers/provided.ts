import type { ProvidedContext } from 'vitest';

/** What the global setups (helpers/template.ts) provide to test files through vitest's inject. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** A dump of the template's PGlite data folder (a tar file), or '' on a PostgreSQL server. */
    pgliteTemplate: string;
    /** The template database on the PostgreSQL server, or '' on PGlite. */
    serverTemplate: string;
    /** A folder of this run's, removed when it ends: test files make their upload folders in it. */
    scratchDir: string;
  }
}

export type Templates = ProvidedContext;
