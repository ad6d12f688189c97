import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ASK_NOW: '2026-06-01T00:00:00Z', ...env },
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('npm run ask (command line)', () => {
  it('GIVEN a question THEN the answer as plain text, with sources, and exit 0', () => {
    const r = run(["How big is Honda's tariff hit?"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('¥385 billion');
    expect(r.out).toContain('¥650 billion');
    expect(r.out).toMatch(/https:\/\//);
    expect(r.out).not.toMatch(/\*\*|\]\(/); // no markup
  });

  it('GIVEN --json THEN one JSON object with question, found, answer, figures, events and citations', () => {
    const r = run(['--json', 'nissan layoffs']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]);
    expect(Object.keys(o)).toEqual(['question', 'found', 'answer', 'figures', 'events', 'citations']);
    expect(o.found).toBe(true);
    expect(o.figures[0]).toEqual({ id: 'nissan-job-cuts-re-nissan', label: expect.any(String), value: 20000, unit: 'jobs', scale: null, period: 'restructuring plan', company: 'Nissan' });
    expect(o.events).toContain('2025-05-13-nissan-fy2024-results-re-nissan');
    expect(o.citations[0]).toEqual({ publisher: expect.any(String), title: expect.any(String), url: expect.stringMatching(/^https?:/), date: expect.any(String) });
    expect(o.answer).not.toMatch(/\*\*/);
  });

  it('GIVEN --json and questions on stdin THEN exactly one JSON object per input line, in order, declines and blank lines included', () => {
    const r = run(['--json'], 'nissan layoffs\nWill Honda and Nissan merge in 2027?\n\nwhen did the merger talks end?\n   \n');
    expect(r.code).toBe(0);
    const objs = r.out.split('\n').slice(0, -1).map((l) => JSON.parse(l));
    expect(objs.map((o) => o.question)).toEqual(['nissan layoffs', 'Will Honda and Nissan merge in 2027?', '', 'when did the merger talks end?', '   ']);
    expect(objs.map((o) => o.found)).toEqual([true, false, false, true, false]);
    expect(objs[1].figures).toEqual([]);
    expect(objs[2].error).toMatch(/empty/);
    expect(objs[4].error).toMatch(/empty/);
  });

  it('GIVEN an over-long line among questions on stdin THEN its own JSON line with found false and the error, and exit 2', () => {
    const r = run(['--json'], `nissan layoffs\n${'x'.repeat(301)}\n`);
    expect(r.code).toBe(2);
    const objs = r.out.split('\n').slice(0, -1).map((l) => JSON.parse(l));
    expect(objs).toHaveLength(2);
    expect(objs[1]).toMatchObject({ found: false, error: expect.stringMatching(/301 characters/) });
  });

  it('GIVEN an empty or over-long question THEN a clear error on stderr and exit 2', () => {
    const empty = run(['']);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/empty/);
    const long = run(['x'.repeat(301)]);
    expect(long.code).toBe(2);
    expect(long.err).toMatch(/301 characters.*300/);
  });

  it('GIVEN a broken EVENTS_PATH THEN it says so and exits 1', () => {
    const r = run(['anything'], undefined, { EVENTS_PATH: '/nonexistent/events.json' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot/);
  });
});
