/**
 * `npm start` runs the compiled JavaScript: scripts/start.mjs compiles src/ and commands/ to dist/ when
 * the sources changed since the last build (never running output older than the sources), then runs
 * dist/src/main.js in the same process.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONSOLE_ENV } from '../helpers/console-env.js';

const ROOT = resolve(import.meta.dirname, '../..');

const env = CONSOLE_ENV;

const node = (args: string[], cwd = ROOT, input = '') => spawnSync(process.execPath, args, { cwd, input, encoding: 'utf8', timeout: 60_000, env });

/** A checkout with its own sources and a copy of the start and build scripts (esbuild from this one). */
function scratchCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nh-start-'));
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts/start.mjs'), join(dir, 'scripts/start.mjs'));
  cpSync(join(ROOT, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'src/lib'), { recursive: true });
  mkdirSync(join(dir, 'commands'));
  writeFileSync(join(dir, 'src/lib/version.ts'), "export const version: string = 'one';\n");
  writeFileSync(join(dir, 'commands/extra.ts'), 'export const extra: number = 1;\n');
  writeFileSync(
    join(dir, 'src/main.ts'),
    "import { version } from './lib/version.js';\nimport { extra } from '../commands/extra.js';\nconst n: number = extra;\nprocess.stdout.write(`version ${version} ${n}\\n`);\n",
  );
  return dir;
}

describe('npm start', () => {
  it('GIVEN package.json THEN `npm start` is the start script that compiles and runs dist/, and dist/ is not committed', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.scripts.start).toBe('node --expose-gc scripts/start.mjs');
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
    expect(pkg.dependencies.esbuild).toBeDefined();
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });

  it('GIVEN no token and a command on stdin THEN the console answers from the compiled output, and dist/ matches the sources', () => {
    const res = node(['scripts/start.mjs'], ROOT, '/nissan-honda about\n');
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/nissan-honda/i);
    expect(existsSync(join(ROOT, 'dist/src/main.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/src/main.js.map'))).toBe(true);
    expect(node(['scripts/build.mjs', '--check']).status).toBe(0);
  });

  it('GIVEN a fresh checkout THEN the first start compiles, and after an edit the next start runs the edited code, never the old output', () => {
    const dir = scratchCheckout();
    try {
      expect(existsSync(join(dir, 'dist'))).toBe(false);
      let res = node(['scripts/start.mjs'], dir);
      expect(res.stderr).toBe('');
      expect(res.stdout).toBe('version one 1\n');
      expect(existsSync(join(dir, 'dist/src/lib/version.js'))).toBe(true);
      expect(existsSync(join(dir, 'dist/commands/extra.js'))).toBe(true);
      expect(node(['scripts/build.mjs', '--check', '--root', dir]).status).toBe(0);

      // an edit to a file (same length, as a quick change would keep it) makes dist/ stale until the next start
      writeFileSync(join(dir, 'src/lib/version.ts'), "export const version: string = 'two';\n");
      expect(node(['scripts/build.mjs', '--check', '--root', dir]).status).toBe(1);
      res = node(['scripts/start.mjs'], dir);
      expect(res.stdout).toBe('version two 1\n');
      expect(node(['scripts/build.mjs', '--check', '--root', dir]).status).toBe(0);

      // a deleted output is rebuilt; an output whose source is gone is removed
      rmSync(join(dir, 'dist/commands/extra.js'));
      writeFileSync(join(dir, 'src/lib/old.ts'), 'export const old = 1;\n');
      expect(node(['scripts/start.mjs'], dir).stdout).toBe('version two 1\n');
      expect(existsSync(join(dir, 'dist/commands/extra.js'))).toBe(true);
      expect(existsSync(join(dir, 'dist/src/lib/old.js'))).toBe(true);
      rmSync(join(dir, 'src/lib/old.ts'));
      expect(node(['scripts/start.mjs'], dir).stdout).toBe('version two 1\n');
      expect(existsSync(join(dir, 'dist/src/lib/old.js'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN a source that does not compile THEN start exits 1 saying so, without running the previous output', () => {
    const dir = scratchCheckout();
    try {
      expect(node(['scripts/start.mjs'], dir).stdout).toBe('version one 1\n');
      writeFileSync(join(dir, 'src/lib/version.ts'), 'export const version: string = ;\n');
      const res = node(['scripts/start.mjs'], dir);
      expect(res.status).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/Cannot start: compiling src\/ to dist\/ failed/);
      expect(res.stderr).toMatch(/version\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN an error thrown by compiled code THEN its stack trace points into the TypeScript source', () => {
    const dir = scratchCheckout();
    try {
      writeFileSync(join(dir, 'src/main.ts'), "const where: string = 'main';\nthrow new Error(`failed in ${where}`);\n");
      const res = node(['scripts/start.mjs'], dir);
      expect(res.status).not.toBe(0);
      expect(res.stderr).toMatch(/failed in main/);
      expect(res.stderr).toMatch(/src\/main\.ts:2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
