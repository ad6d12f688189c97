/** Charts on the console: the PNG is written under the charts directory and its path printed. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleSession } from '../../../src/platforms/console/console.js';
import { createRegistry } from '../../../commands/index.js';
import { chartStore } from '../../charts/store.js';

describe('console charts', () => {
  it('GIVEN `chart honda tariff impact` THEN the values as text and the path of the PNG written under the charts directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nh-charts-'));
    const store = chartStore();
    try {
      const s = new ConsoleSession({ store, registry: createRegistry(), chartsDir: dir });
      const out = await s.handle('/nissan-honda chart honda tariff impact');
      const file = join(dir, 'chart-honda-tariff-may.png');
      expect(out).toContain('¥650 billion (13 May 2025) → ¥450 billion (6 Aug 2025, reported) → ¥385 billion (7 Nov 2025)');
      expect(out.split('\n').at(-1)).toBe(`Chart (1200×675 PNG): ${file}`);
      expect(readFileSync(file).subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      store.close();
    }
  });

  it('GIVEN a figure the log lacks THEN the usual error and no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nh-charts-'));
    const store = chartStore();
    try {
      const s = new ConsoleSession({ store, registry: createRegistry(), chartsDir: dir });
      expect(await s.handle('chart zebra unicorn figures')).toMatch(/^✖ Figure not found/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
