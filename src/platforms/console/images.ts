/** The console shows a reply's image as a file: written under var/charts/ (or CHARTS_DIR), its path printed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ReplyImage } from '../../replies/reply.js';

export function chartsDir(): string {
  return process.env.CHARTS_DIR || join('var', 'charts');
}

/** Write the image; the line to print (the path, or why it could not be written). Never throws. */
export function saveImage(image: ReplyImage, dir = chartsDir()): string {
  const file = join(dir, image.name.replace(/[^a-z0-9._-]/gi, '-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, image.data);
    const shown = relative(process.cwd(), file);
    return `Chart (${image.width}×${image.height} PNG): ${shown.startsWith('..') ? file : shown}`;
  } catch (err) {
    return `The chart could not be written to ${file}: ${(err as Error).message}`;
  }
}
