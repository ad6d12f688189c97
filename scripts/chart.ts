/**
 * `npm run chart -- "<query>" [--compare "<query>"] --out <file.png> [--theme light|dark] [--svg <file.svg>]`
 * Draws one chart from the log (data/events.json, or EVENTS_PATH) to a PNG file.
 * Exit codes: 0 written; 1 the log holds no such figure (nothing written) or the log is unreadable; 2 bad usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTimelineFile } from '../src/timeline/store.js';
import { chartFor, NotInLog, THEMES } from '../src/charts/index.js';
import { formatValue } from '../src/replies/format.js';

const USAGE = 'usage: npm run chart -- "<query>" [--compare "<query>"] --out <file.png> [--theme light|dark] [--svg <file.svg>]';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Pick<NodeJS.WritableStream, 'write'> = process.stdout, err: Pick<NodeJS.WritableStream, 'write'> = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== '--'),
      allowPositionals: true,
      options: { compare: { type: 'string' }, out: { type: 'string' }, theme: { type: 'string' }, svg: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    err.write(`chart: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const query = positionals.join(' ').trim();
  const theme = (values.theme ?? 'light') as keyof typeof THEMES;
  const problem = !query ? 'a query is needed' : !values.out ? '--out <file.png> is needed' : !THEMES[theme] ? `--theme must be light or dark (got "${values.theme}")` : undefined;
  if (problem) {
    err.write(`chart: ${problem}\n${USAGE}\n`);
    return 2;
  }
  const res = loadTimelineFile(env.EVENTS_PATH || 'data/events.json');
  if (!res.ok) {
    err.write(`chart: cannot use the event log: ${res.error.message}\n`);
    return 1;
  }
  try {
    const image = await chartFor(res.timeline, { query, compare: values.compare, theme });
    mkdirSync(dirname(values.out!), { recursive: true });
    writeFileSync(values.out!, image.png);
    if (values.svg) writeFileSync(values.svg, image.svg);
    out.write(`${values.out} — ${image.spec.title} (${image.width}×${image.height}, ${image.spec.figureIds.length} values)\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof NotInLog)) throw e;
    const near = e.nearest.slice(0, 3).map((g) => `  ${g[0].figure.label} — ${formatValue(g[0].figure)} (${g[0].figure.period}) — ${g[0].figure.id}`);
    err.write(`chart: not in the log: no figure matches “${e.query}”. Nothing was written.\n${near.length ? `Nearest figures (not a match):\n${near.join('\n')}\n` : ''}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`chart: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
