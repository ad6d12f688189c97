/**
 * Dependencies point one way: platforms → commands → features → timeline. The core and the features must not
 * import a platform, a command or a chat library; this reads every import line of their files and says which ones do.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Folders that know nothing of chat platforms or of the commands built on them. */
const PLATFORM_FREE = ['src/core', 'src/timeline', 'src/answers', 'src/replies', 'src/recaps', 'src/digests', 'src/curation', 'src/db'];
const FORBIDDEN_FOLDERS = ['src/platforms', 'commands'];
const FORBIDDEN_PACKAGES = /^(discord\.js|@discordjs\/|@slack\/)/;

/** Every module specifier a source text imports or re-exports, statically or dynamically. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
  return found;
}

/** The imports of `file` (a path relative to the project) that break the rule, as they are written. */
function forbiddenImports(file: string, source: string): string[] {
  return importsOf(source).filter((spec) => {
    if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/');
      return FORBIDDEN_FOLDERS.some((f) => target === f || target.startsWith(`${f}/`));
    }
    return FORBIDDEN_PACKAGES.test(spec);
  });
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

describe('dependency direction', () => {
  it('GIVEN imports of a platform, a command or a chat library THEN each is reported; imports within the core are not', () => {
    const source = [
      "import { Client } from 'discord.js';",
      "import type { App } from '@slack/bolt';",
      "import { recap } from '../../commands/recap.js';",
      "const gateway = () => import('../platforms/discord/gateway.js');",
      "import '../platforms/slack/app.js';",
      "import { Timeline } from '../timeline/timeline.js';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(forbiddenImports('src/digests/example.ts', source)).toEqual([
      'discord.js',
      '@slack/bolt',
      '../../commands/recap.js',
      '../platforms/discord/gateway.js',
      '../platforms/slack/app.js',
    ]);
  });

  it('GIVEN every file of the core and the features THEN none imports src/platforms, commands/, discord.js or @slack', () => {
    const files = PLATFORM_FREE.flatMap((dir) => sourceFiles(dir));
    expect(files.length).toBeGreaterThan(20);
    const broken = files.flatMap((file) => forbiddenImports(file, readFileSync(join(ROOT, file), 'utf8')).map((spec) => `${file} imports ${spec}`));
    expect(broken).toEqual([]);
  });

  it('GIVEN every file of src/core THEN none imports a feature (answers, digests, recaps, curation, db, i18n): features extend the core, not the reverse', () => {
    const features = ['src/answers', 'src/digests', 'src/recaps', 'src/curation', 'src/db', 'src/i18n'];
    const broken = sourceFiles('src/core').flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/'))
        .filter((target) => features.some((f) => target === f || target.startsWith(`${f}/`)))
        .map((target) => `${file} imports ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
