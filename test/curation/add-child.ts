/**
 * Child process for the kill -9 tests: adds the event in argv[3] to the log at argv[2]. With --hold, it stops just
 * before the rename (the new file written and flushed) and says so on stdout, waiting to be killed.
 */
import { readFileSync } from 'node:fs';
import { addEvent } from '../../src/curation/log-file.js';

const [path, draft, ...flags] = process.argv.slice(2);
const hold = flags.includes('--hold');
addEvent(path, JSON.parse(readFileSync(draft, 'utf8')), {
  historyDir: flags[flags.indexOf('--history') + 1],
  beforeRename: hold
    ? () => {
        process.stdout.write('before-rename\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    : undefined,
});
process.stdout.write('done\n');
