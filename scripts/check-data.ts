/**
 * `npm run check-data [-- path/to/events.json] [-- --write-schema]`
 *
 * Validates the event log (schema, ids, date order, figure sources, URLs…, and the curating rules: source tiers,
 * best tier first, official events resting on a primary or wire source) and prints every problem,
 * one per line, naming the event and the field. Also checks that `data/events.schema.json` (the schema
 * editors use) matches the zod schema; `--write-schema` regenerates it.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EventLog } from '../src/timeline/schema.js';
import { validateLog, curationProblems, formatProblems } from '../src/timeline/validate.js';
import { japaneseProblems } from '../src/i18n/ja/log.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_LOG = join(ROOT, 'data', 'events.json');
const SCHEMA_FILE = join(ROOT, 'data', 'events.schema.json');

/** The JSON Schema text generated from the zod schema (input side: fields with defaults are optional). */
function jsonSchemaText(): string {
  const schema = z.toJSONSchema(EventLog, { io: 'input' });
  const withTitle = {
    ...schema,
    title: 'Honda–Nissan event log',
    description: 'Generated from src/timeline/schema.ts by `npm run check-data -- --write-schema`. Do not edit by hand.',
  };
  return JSON.stringify(withTitle, null, 2) + '\n';
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function main(argv: string[]): number {
  const writeSchema = argv.includes('--write-schema');
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--write-schema');
  if (unknown.length) {
    console.error(`Unknown option ${unknown.join(', ')}. Usage: check-data [path/to/events.json] [--write-schema]`);
    return 2;
  }
  const logPath = resolve(argv.find((a) => !a.startsWith('-')) ?? DEFAULT_LOG);

  // 1. The editor schema must match the zod schema.
  const expected = jsonSchemaText();
  let schemaProblem: string | undefined;
  if (writeSchema) {
    writeFileSync(SCHEMA_FILE, expected);
    console.log(`${display(SCHEMA_FILE)}: written from src/timeline/schema.ts`);
  } else {
    const current = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : undefined;
    if (current !== expected) {
      schemaProblem = `${display(SCHEMA_FILE)}: ${current === undefined ? 'missing' : 'out of date with src/timeline/schema.ts'}; run \`npm run check-data -- --write-schema\``;
    }
  }
  const reportSchema = (): void => {
    if (schemaProblem) console.error(schemaProblem);
  };

  // 2. The log itself.
  let text: string;
  try {
    text = readFileSync(logPath, 'utf8');
  } catch (err) {
    console.error(`${display(logPath)}: cannot read: ${(err as Error).message}`);
    reportSchema();
    return 1;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    console.error(`${display(logPath)}: not valid JSON: ${(err as Error).message}`);
    reportSchema();
    return 1;
  }
  const res = validateLog(raw);
  const problems = res.ok ? curationProblems(res.log) : res.problems;
  if (!res.ok || problems.length) {
    console.error(`${display(logPath)}: ${problems.length} problem(s):`);
    console.error(formatProblems(problems));
    reportSchema();
    return 1;
  }
  const events = res.log.events;
  const figures = events.reduce((n, e) => n + e.figures.length, 0);
  const sources = new Set(events.flatMap((e) => e.sources.map((s) => s.url))).size;
  console.log(`${display(logPath)}: OK — ${events.length} events, ${figures} figures, ${sources} sources`);
  // 3. The Japanese texts of the curated log (data/events.ja.json), see docs/japanese.md.
  const ja = logPath === DEFAULT_LOG ? japaneseProblems(events) : [];
  if (ja.length) console.error(`data/events.ja.json: ${ja.length} problem(s):\n${ja.map((p) => `  - ${p}`).join('\n')}`);
  reportSchema();
  return schemaProblem || ja.length ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
