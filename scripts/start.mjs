/**
 * `npm start`: compile the TypeScript to dist/ when the sources changed since the last build (see
 * scripts/build.mjs; a check of the source hashes otherwise), then run the bot from the compiled
 * JavaScript in this same process — no TypeScript loader at run time, and signals reach the bot directly.
 * Stack traces point into the TypeScript sources (source maps).
 */
import { ensureBuilt } from './build.mjs';

try {
  await ensureBuilt();
} catch (err) {
  process.stderr.write(`Cannot start: compiling src/ to dist/ failed.\n${err?.message ?? err}\n`);
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import('../dist/src/main.js');
