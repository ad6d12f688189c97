/**
 * Curation adds its services to the command context by declaration merging, so src/core never names a feature
 * (see src/digests/context.ts). Types only: nothing here runs.
 */
import type { CurationServices } from './permissions.js';

declare module '../core/command.js' {
  interface Services {
    /** Feeds, candidates and reports (see src/curation); absent where no database is open. */
    curation?: CurationServices;
  }
  interface Preconditions {
    /** A curator (src/curation/permissions.ts). */
    curate: true;
  }
}

export {};
