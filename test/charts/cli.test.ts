/** `npm run chart`: writes the PNG; a query the log does not hold exits 1, says so, and writes nothing. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/chart.js';
import { chartEvents } from './fixture.js';

function sink() {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as Pick<NodeJS.WritableStream, 'write'>, text: () => text };
}

function env() {
  const dir = mkdtempSync(join(tmpdir(), 'nh-chart-cli-'));
  writeFileSync(join(dir, 'events.json'), JSON.stringify({ events: chartEvents() }));
  return { dir, env: { EVENTS_PATH: join(dir, 'events.json') } };
}

describe('npm run chart', () => {
  it('GIVEN a query, a comparison and --out THEN the PNG is written and its title printed', async () => {
    const { dir, env: e } = env();
    const out = sink();
    const file = join(dir, 'out', 'tariff.png');
    const svg = join(dir, 'tariff.svg');
    expect(await main(['--', 'honda tariff impact', '--compare', 'nissan tariff impact', '--out', file, '--theme', 'dark', '--svg', svg], e, out.stream, sink().stream)).toBe(0);
    expect(readFileSync(file).readUInt32BE(16)).toBe(1200);
    expect(readFileSync(svg, 'utf8')).toContain('#1e1f22');
    expect(out.text()).toBe(`${file} — Honda tariff impact estimate vs Nissan tariff impact estimate — FY ending Mar 2026 (1200×675, 5 values)\n`);
  });

  it('GIVEN a query the log does not hold THEN exit 1, "not in the log", and no file', async () => {
    const { dir, env: e } = env();
    const err = sink();
    const file = join(dir, 'nothing.png');
    expect(await main(['zebra unicorn figures', '--out', file], e, sink().stream, err.stream)).toBe(1);
    expect(err.text()).toMatch(/^chart: not in the log: no figure matches “zebra unicorn figures”\. Nothing was written\./);
    expect(existsSync(file)).toBe(false);
  });

  it('GIVEN no --out, or a bad theme THEN exit 2 with the usage', async () => {
    const { env: e } = env();
    const err = sink();
    expect(await main(['honda tariff impact'], e, sink().stream, err.stream)).toBe(2);
    expect(await main(['honda tariff impact', '--out', 'x.png', '--theme', 'pink'], e, sink().stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(/--out <file.png> is needed[\s\S]*--theme must be light or dark/);
  });
});
