/**
 * The chart font: Noto Sans JP (regular and bold) from the npm package @embedpdf/fonts-jp, so text
 * renders the same on every machine and Japanese renders at all. resvg re-reads a font's layout tables
 * for every text run; on the full 4.5 MB CJK fonts that cost about 3 ms per label, so charts are drawn
 * with subsets made once by harfbuzz (subset-font): Latin and punctuation always, plus whatever other
 * characters a chart needs (a Japanese label adds its own subset, made once and kept).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// the package exports only its font list; the files sit in fonts/ beside dist/
const FONT_DIR = join(dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts');
export const FONT_FILES = { regular: join(FONT_DIR, 'NotoSansJP-Regular.otf'), bold: join(FONT_DIR, 'NotoSansJP-Bold.otf') };

/** Characters every chart may use: Latin, Latin-1, Latin Extended-A, punctuation, currency signs, arrows, ×, −. */
function baseCharacters(): string {
  const ranges: [number, number][] = [[0x20, 0x7e], [0xa0, 0x17f], [0x2010, 0x2027], [0x2030, 0x203a], [0x20a0, 0x20bf], [0x2190, 0x2193], [0x2212, 0x2212], [0xd7, 0xd7]];
  let s = '';
  for (const [a, b] of ranges) for (let c = a; c <= b; c++) s += String.fromCodePoint(c);
  return s;
}
const BASE = baseCharacters();
const BASE_SET = new Set(BASE);

// name IDs 16/17 keep "Noto Sans JP" + weight as the family of the bold face (harfbuzz keeps only 0–6 by default)
const KEEP_NAMES = [0, 1, 2, 3, 4, 5, 6, 16, 17];

/** Where subsets are written (resvg-js 2.6 reads fonts reliably only from files). */
export function fontCacheDir(): string {
  return process.env.CHART_FONT_DIR || join(tmpdir(), 'nissan-honda-chart-fonts');
}

const made = new Map<string, Promise<string[]>>();

/** Characters of `text` outside the base set, sorted and unique ('' for Latin-only text). */
export function extraCharacters(text: string): string {
  return [...new Set([...text].filter((ch) => !BASE_SET.has(ch) && ch >= ' '))].sort().join('');
}

async function writeSubset(source: string, chars: string, name: string): Promise<string> {
  const dir = fontCacheDir();
  const file = join(dir, `${name}.otf`);
  if (existsSync(file)) return file;
  // the 4.5 MB source is read for this subset only, not kept
  const font = readFileSync(source);
  // harfbuzz (wasm) is loaded only when a subset has to be made
  const { default: subsetFont } = await import('subset-font');
  const data = await subsetFont(font, chars, { targetFormat: 'sfnt', preserveNameIds: KEEP_NAMES });
  mkdirSync(dir, { recursive: true });
  // temp file + rename: several processes may make the same subset at once
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
  return file;
}

/** Font files (regular, bold) covering every character of `text`. Made once per set of extra characters. */
export function fontFilesFor(text: string): Promise<string[]> {
  const extra = extraCharacters(text);
  let hit = made.get(extra);
  if (!hit) {
    hit = (async () => {
      const chars = BASE + extra;
      const id = createHash('sha1').update(`v1 ${chars}`).digest('hex').slice(0, 16);
      return Promise.all([writeSubset(FONT_FILES.regular, chars, `noto-sans-jp-400-${id}`), writeSubset(FONT_FILES.bold, chars, `noto-sans-jp-700-${id}`)]);
    })();
    hit.catch(() => made.delete(extra));
    if (made.size > 64) made.delete(made.keys().next().value!);
    made.set(extra, hit);
  }
  return hit;
}
