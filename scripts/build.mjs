/**
 * Compiles the bot's TypeScript (src/ and commands/) to JavaScript in dist/, one .js file per .ts file at
 * the same relative path, so `node dist/src/main.js` runs without a TypeScript loader.
 *
 *   node scripts/build.mjs            build now (only files whose output changed are rewritten)
 *   node scripts/build.mjs --check    exit 0 when dist/ matches the sources, 1 when it is stale
 *   node scripts/build.mjs --root DIR build another checkout (tests)
 *
 * `npm start` (scripts/start.mjs) calls `ensureBuilt()` first: it hashes every source file and compares
 * with the hashes dist/.build.json recorded at the last build, so it never runs output older than the
 * sources, and compiles again (esbuild, transpile only — `npm test` type-checks) only when something
 * changed. It is plain JavaScript so that node runs it directly.
 *
 * Safe when several processes start at once: every output file is written to a temporary name and
 * renamed into place, identical content is not rewritten, and the record of the build is written last.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIRS = ['src', 'commands'];
const OUT_DIR = 'dist';
const RECORD = '.build.json';
const here = fileURLToPath(import.meta.url);
export const ROOT = resolve(dirname(here), '..');

/** Every .ts file under the source directories, as paths relative to root with '/' separators, sorted. */
function sources(root) {
  const out = [];
  const walk = (dir) => {
    let names;
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      const p = join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith('.ts') && !d.name.endsWith('.d.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  return out.sort();
}

const sha1 = (data) => createHash('sha1').update(data).digest('hex');
const outputOf = (src) => `${OUT_DIR}/${src.replace(/\.ts$/, '.js')}`;

/** What the output depends on besides the sources: this script (its options) and the compiler version. */
function toolchain() {
  let esbuild = 'missing';
  try {
    esbuild = JSON.parse(readFileSync(createRequire(here).resolve('esbuild/package.json'), 'utf8')).version;
  } catch {
    // reported by build() when it is needed
  }
  return `${sha1(readFileSync(here))} esbuild ${esbuild}`;
}

/** The current sources with their hashes. */
function snapshot(root) {
  const files = {};
  for (const src of sources(root)) files[src] = sha1(readFileSync(join(root, src)));
  return { toolchain: toolchain(), files };
}

function readRecord(root) {
  try {
    return JSON.parse(readFileSync(join(root, OUT_DIR, RECORD), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Is dist/ the output of exactly these sources (every file present)? */
function upToDate(root, now) {
  const record = readRecord(root);
  if (!record || record.toolchain !== now.toolchain) return false;
  const names = Object.keys(now.files);
  if (names.length !== Object.keys(record.files ?? {}).length) return false;
  for (const src of names) {
    if (record.files[src] !== now.files[src]) return false;
    try {
      statSync(join(root, outputOf(src)));
    } catch {
      return false;
    }
  }
  return true;
}

/** Write a file by renaming a temporary one into place (a reader sees the old or the new file, never half of one). */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Compile every source to dist/, rewrite only changed outputs, remove outputs whose source is gone. */
export async function build(root = ROOT) {
  const t0 = performance.now();
  const now = snapshot(root);
  const names = Object.keys(now.files);
  if (!names.length) throw new Error(`no TypeScript sources under ${SOURCE_DIRS.join(', ')} in ${root}`);
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: names,
    outdir: OUT_DIR,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'silent',
  });
  const wanted = new Set();
  let written = 0;
  for (const f of result.outputFiles) {
    wanted.add(f.path);
    let same = false;
    try {
      same = readFileSync(f.path).equals(Buffer.from(f.contents));
    } catch {
      // not there yet
    }
    if (!same) {
      writeAtomic(f.path, f.contents);
      written++;
    }
  }
  // outputs of deleted or renamed sources
  const outRoot = join(root, OUT_DIR);
  const prune = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      if (d.isDirectory()) {
        prune(p);
        if (!readdirSync(p).length) rmSync(p, { recursive: true, force: true });
      } else if (p !== join(outRoot, RECORD) && !wanted.has(p) && !d.name.endsWith('.tmp')) rmSync(p, { force: true });
    }
  };
  prune(outRoot);
  writeAtomic(join(outRoot, RECORD), JSON.stringify(now, null, 1) + '\n');
  return { built: true, files: names.length, written, ms: performance.now() - t0 };
}

/** Build only when dist/ is missing or older than the sources; what `npm start` runs before the bot. */
export async function ensureBuilt(root = ROOT) {
  const t0 = performance.now();
  if (upToDate(root, snapshot(root))) return { built: false, files: 0, written: 0, ms: performance.now() - t0 };
  return build(root);
}

if (process.argv[1] && resolve(process.argv[1]) === here) {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? resolve(args[rootAt + 1]) : ROOT;
  if (args.includes('--check')) {
    const fresh = upToDate(root, snapshot(root));
    process.stdout.write(fresh ? 'dist/ is up to date\n' : 'dist/ is stale or missing\n');
    process.exit(fresh ? 0 : 1);
  }
  try {
    const r = await build(root);
    process.stdout.write(`compiled ${r.files} files to ${OUT_DIR}/ (${r.written} changed) in ${Math.round(r.ms)} ms\n`);
  } catch (err) {
    process.stderr.write(`build failed: ${err?.message ?? err}\n`);
    process.exit(1);
  }
}
