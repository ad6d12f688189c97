/** Does nothing: `node --import tsx bench/children/noop.ts` is the floor of a TypeScript start (node + tsx loader). */
process.stdout.write('ready\n');
