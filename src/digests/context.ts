/**
 * Digests add their service to the command context by declaration merging, so src/core never names a feature
 * (sapphire's `declare module … { interface Preconditions }` pattern). Types only: nothing here runs.
 */
import type { DigestService } from './service.js';

declare module '../core/command.js' {
  interface Services {
    /** The digest service; absent where digests cannot be posted (e.g. the local console). */
    digests?: DigestService;
  }
}

export {};
