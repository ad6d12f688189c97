import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateLog, validateSteps, schemaProblems, formatProblems, curationProblems, type Problem } from '../../src/timeline/validate.js';
import { EventLog } from '../../src/timeline/schema.js';

type RawFigure = Record<string, unknown> & { id: string; source: string };
type RawSource = Record<string, unknown> & { url: string; date: string };
type RawEvent = Record<string, unknown> & { id: string; date: string; dateNote?: string; figures: RawFigure[]; sources: RawSource[]; companies: string[] };
type RawLog = { $schema?: string; events: RawEvent[] };

const REAL_TEXT = readFileSync('data/events.json', 'utf8');
/** A fresh, mutable copy of the real curated log. */
const realLog = (): RawLog => JSON.parse(REAL_TEXT) as RawLog;

/** Index of the first event with at least `n` figures (and, optionally, a later event to pair with). */
function eventWithFigures(log: RawLog, n = 1, from = 0): number {
  const i = log.events.findIndex((e, k) => k >= from && e.figures.length >= n);
  if (i < 0) throw new Error('no such event in the real log');
  return i;
}

function problemsOf(log: unknown): Problem[] {
  const res = validateLog(log);
  expect(res.ok).toBe(false);
  return res.problems;
}

/** The problem that names this event and ends at this field. */
function expectProblem(problems: Problem[], eventId: string, field: string | RegExp, message?: RegExp): Problem {
  const p = problems.find((q) => q.where.includes(`(${eventId})`) && (typeof field === 'string' ? q.where.endsWith(field) : field.test(q.where)));
  expect(p, `no problem naming ${eventId} and ${String(field)} in:\n${formatProblems(problems)}`).toBeDefined();
  if (message) expect(p!.message).toMatch(message);
  return p!;
}

describe('validateLog on the real event log', () => {
  it('GIVEN data/events.json THEN it validates with no problems', () => {
    const res = validateLog(realLog());
    if (!res.ok) throw new Error(formatProblems(res.problems));
    expect(res.log.events.length).toBe(67);
    expect(res.log.events.every((e) => e.sources.length > 0)).toBe(true);
  });

  it('GIVEN the real log THEN every company is one of the five known names and every FY period uses one convention', () => {
    const log = realLog();
    const known = new Set(['Honda', 'Nissan', 'Mitsubishi Motors', 'Renault', 'Foxconn']);
    for (const e of log.events) {
      for (const c of e.companies) expect(known.has(c), `${e.id}: ${c}`).toBe(true);
      for (const f of e.figures) {
        const period = String(f.period);
        if (/\bFY/.test(period)) expect(period, `${f.id}: ${period}`).toMatch(/^(by |end of )?FY ending Mar \d{4}( and later)?$/);
        const p = Math.min(String(f.asOf).length, e.date.length);
        expect(String(f.asOf).slice(0, p) >= e.date.slice(0, p), `${f.id}: asOf ${String(f.asOf)} before ${e.date}`).toBe(true);
      }
    }
  });

  it('GIVEN the real log THEN ids are unique and events are in ascending date order', () => {
    const log = realLog();
    const ids = log.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const dates = log.events.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
    const figureIds = log.events.flatMap((e) => e.figures.map((f) => f.id));
    expect(new Set(figureIds).size).toBe(figureIds.length);
  });
});

describe('validateLog rules, each on a copy of the real log with one defect', () => {
  it('GIVEN an event status outside the schema THEN a problem names the event and `status`', () => {
    const log = realLog();
    log.events[4].status = 'rumoured';
    expectProblem(problemsOf(log), log.events[4].id, '→ status');
  });

  it('GIVEN a figure qualifier outside the schema THEN a problem names the event and `figures[k].qualifier`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    log.events[i].figures[0].qualifier = 'roughly';
    expectProblem(problemsOf(log), log.events[i].id, '→ figures[0].qualifier');
  });

  it('GIVEN a figure whose value is a string THEN a problem names the event and `figures[k].value`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    log.events[i].figures[0].value = '650';
    expectProblem(problemsOf(log), log.events[i].id, '→ figures[0].value');
  });

  it('GIVEN a missing required field (sources emptied) THEN a problem names the event and `sources`', () => {
    const log = realLog();
    log.events[0].sources = [];
    expectProblem(problemsOf(log), log.events[0].id, '→ sources');
  });

  it('GIVEN a duplicate event id THEN a problem names the event and `id`', () => {
    const log = realLog();
    const dupe = log.events[9].id;
    log.events[10].id = dupe;
    const p = expectProblem(problemsOf(log), dupe, '→ id', /duplicate event id/);
    expect(p.where).toContain('events[10]');
  });

  it('GIVEN two events out of date order THEN a problem names the later-placed event and `date`', () => {
    const log = realLog();
    const a = log.events.findIndex((e) => e.date.startsWith('2025-08'));
    [log.events[a], log.events[a + 1]] = [log.events[a + 1], log.events[a]];
    expect(log.events[a].date > log.events[a + 1].date).toBe(true);
    expectProblem(problemsOf(log), log.events[a + 1].id, '→ date', /earlier than the previous event/);
  });

  it('GIVEN a figure source that is not among the event sources THEN a problem names the event and `figures[k] (id).source`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    const f = log.events[i].figures[0];
    f.source = 'https://example.com/not-listed';
    expectProblem(problemsOf(log), log.events[i].id, `figures[0] (${f.id}).source`, /not one of this event's sources/);
  });

  it('GIVEN a malformed source URL THEN a problem names the event and `sources[k].url`', () => {
    const log = realLog();
    log.events[2].sources[0].url = 'forexlive dot com/news';
    expectProblem(problemsOf(log), log.events[2].id, '→ sources[0].url');
  });

  it('GIVEN a source URL with a non-http protocol THEN a problem names the event and `sources[k].url`', () => {
    const log = realLog();
    log.events[2].sources[0].url = 'ftp://example.com/file';
    expectProblem(problemsOf(log), log.events[2].id, '→ sources[0].url');
  });

  it('GIVEN a malformed figure source URL THEN a problem names the event and `figures[k].source`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    log.events[i].figures[0].source = 'see Reuters';
    expectProblem(problemsOf(log), log.events[i].id, '→ figures[0].source');
  });

  it('GIVEN a figure id used twice THEN a problem names the second event and `figures[k] (id).id`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    const j = eventWithFigures(log, 1, i + 1);
    const dupe = log.events[i].figures[0].id;
    log.events[j].figures[0].id = dupe;
    expectProblem(problemsOf(log), log.events[j].id, `figures[0] (${dupe}).id`, new RegExp(`duplicate figure id \\(also in ${log.events[i].id}\\)`));
  });

  it('GIVEN an impossible event date 2025-02-30 THEN a problem names the event and `date`', () => {
    const log = realLog();
    const i = log.events.findIndex((e) => e.date === '2025-02-13');
    log.events[i].date = '2025-02-30';
    expectProblem(problemsOf(log), log.events[i].id, '→ date', /not a real calendar date/);
  });

  it('GIVEN a badly shaped date (2025-2-13) in a source THEN a problem names the event and `sources[k].date`', () => {
    const log = realLog();
    log.events[3].sources[0].date = '2025-2-13';
    expectProblem(problemsOf(log), log.events[3].id, '→ sources[0].date', /YYYY/);
  });

  it('GIVEN an impossible figure asOf (2025-02-29) THEN a problem names the event and `figures[k].asOf`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    log.events[i].figures[0].asOf = '2025-02-29';
    expectProblem(problemsOf(log), log.events[i].id, '→ figures[0].asOf', /not a real calendar date/);
  });

  it('GIVEN a figure company that is not among the event companies THEN a problem names the event and `.company`', () => {
    const log = realLog();
    const i = log.events.findIndex((e) => e.figures.length > 0 && !e.companies.includes('Renault'));
    log.events[i].figures[0].company = 'Renault';
    expectProblem(problemsOf(log), log.events[i].id, /figures\[0\] \(.+\)\.company$/, /not among the event's companies/);
  });

  it('GIVEN a figure asOf before its event date THEN a problem names the event and `.asOf`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    log.events[i].figures[0].asOf = '2020-01-01';
    expectProblem(problemsOf(log), log.events[i].id, /figures\[0\] \(.+\)\.asOf$/, /before the event's date/);
  });

  it('GIVEN a range whose valueHigh is not above value THEN a problem names the event and `.valueHigh`', () => {
    const log = realLog();
    const i = eventWithFigures(log);
    const f = log.events[i].figures[0];
    f.valueHigh = f.value as number;
    expectProblem(problemsOf(log), log.events[i].id, /figures\[0\] \(.+\)\.valueHigh$/);
  });

  it('GIVEN a source dated before its event and no dateNote naming that date THEN a problem names the event and `sources[k].date`', () => {
    const log = realLog();
    const i = log.events.findIndex((e) => e.date === '2025-07-30');
    log.events[i].sources[0].date = '2025-06-01';
    expectProblem(problemsOf(log), log.events[i].id, '→ sources[0].date', /before the event's date/);
  });

  it('GIVEN a source dated before its event and a dateNote naming that date THEN it is accepted (announced before taking effect)', () => {
    const log = realLog();
    const tariff = log.events.find((e) => e.id === '2025-04-03-us-25pct-auto-tariff-in-force')!;
    expect(tariff.sources.some((s) => s.date < tariff.date)).toBe(true);
    expect(validateLog(log).ok).toBe(true);
    tariff.dateNote = 'In force from 3 April.';
    expectProblem(problemsOf(log), tariff.id, /sources\[\d\]\.date$/, /before the event's date/);
  });

  it('GIVEN several defects THEN formatProblems prints one line per problem, each naming where and what', () => {
    const log = realLog();
    log.events[0].status = 'rumoured';
    log.events[1].date = '2024-02-30';
    const problems = problemsOf(log);
    const lines = formatProblems(problems).split('\n');
    expect(lines.length).toBe(problems.length);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^- events\[\d+\] \([a-z0-9-]+\) → .+: .+/);
  });
});

describe('validateLog event by event (so that a reload can check a large log a slice at a time)', () => {
  /** What the schema says of the whole log at once: the problems checking event by event must report. */
  const wholeLog = (raw: unknown): Problem[] => {
    const parsed = EventLog.safeParse(raw);
    expect(parsed.success).toBe(false);
    const events = (raw as { events?: unknown } | null)?.events;
    return parsed.success ? [] : schemaProblems(parsed.error.issues, Array.isArray(events) ? events : []);
  };

  it('GIVEN logs with schema defects in several events and at the top level THEN the same problems, in the same order, as the schema on the whole log', () => {
    const many = realLog();
    many.events[0].status = 'rumoured';
    many.events[3].figures[0].value = 'lots';
    delete (many.events[7] as Record<string, unknown>).title;
    many.events[7].sources[0].url = 'not a url';
    many.events[30].topics = ['gossip'];
    const top = realLog();
    (top as Record<string, unknown>).$schema = 42;
    top.events[2].date = '2025-2-1';
    const cases: unknown[] = [many, top, { events: 'none' }, { events: [1, null, {}] }, [], null];
    for (const raw of cases) {
      const got = validateLog(raw);
      expect(got.ok).toBe(false);
      expect(got.problems).toEqual(wholeLog(raw));
    }
    expect(problemsOf(many).length).toBeGreaterThanOrEqual(5);
  });

  it('GIVEN the real log THEN checked event by event it is the log the schema makes of it (defaults filled in), and the check yields between events', () => {
    const raw = realLog();
    const steps = validateSteps(realLog());
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    const res = r.value;
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.log).toEqual(EventLog.parse(raw));
    // 67 events: one yield after the first 64; a longer log yields every 64 events
    expect(yields).toBe(1);
    const long = { events: Array.from({ length: 200 }, (_, i) => ({ ...realLog().events[0], id: `e-${i}` })) };
    const longSteps = validateSteps(long);
    let n = 0;
    for (let x = longSteps.next(); !x.done; x = longSteps.next()) n++;
    expect(n).toBe(3);
  });
});

describe('curationProblems: source tiers', () => {
  const curated = (log: RawLog): Problem[] => curationProblems(EventLog.parse(log));
  const official = (log: RawLog): number => log.events.findIndex((e) => e.status === 'official' && e.sources.length >= 2);

  it('GIVEN the real log THEN every source has a tier, best first, and every official event has a primary or wire source', () => {
    expect(formatProblems(curated(realLog()))).toBe('');
  });

  it('GIVEN a source without a tier THEN the problem names that source', () => {
    const log = realLog();
    delete log.events[0].sources[0].tier;
    expectProblem(curated(log), log.events[0].id, 'sources[0].tier', /missing; one of primary, wire, press, relay/);
  });

  it('GIVEN a relay listed before a wire source THEN it asks for best tier first', () => {
    const log = realLog();
    const i = official(log);
    log.events[i].sources[0].tier = 'relay';
    log.events[i].sources[1].tier = 'wire';
    expectProblem(curated(log), log.events[i].id, 'sources[1].tier', /best tier first/);
  });

  it('GIVEN an official event resting only on press and relays THEN it needs a primary or wire source; reported is fine', () => {
    const log = realLog();
    const i = official(log);
    log.events[i].sources.forEach((s, k) => (s.tier = k ? 'relay' : 'press'));
    expectProblem(curated(log), log.events[i].id, '→ status', /official needs a primary or wire source/);
    log.events[i].status = 'reported';
    expect(curated(log).filter((p) => p.where.includes(log.events[i].id))).toEqual([]);
  });

  it('GIVEN a log without tiers THEN it still loads (the rules belong to check-data, not to loading)', () => {
    const log = realLog();
    for (const e of log.events) for (const s of e.sources) delete s.tier;
    expect(validateLog(log).ok).toBe(true);
  });
});

describe('scripts/check-data.ts', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-data.ts', ...args], { encoding: 'utf8' });

  it('GIVEN the real log THEN it prints OK with the counts and exits 0', () => {
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^data\/events\.json: OK — 67 events, \d+ figures, \d+ sources\n$/);
  });

  it('GIVEN a log with a defect THEN it prints each problem naming event and field, and exits 1', () => {
    const log = realLog();
    log.events[0].status = 'rumoured';
    const path = join(mkdtempSync(join(tmpdir(), 'nh-check-')), 'events.json');
    writeFileSync(path, JSON.stringify(log));
    const r = run(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`- events[0] (${log.events[0].id}) → status: `);
    expect(r.stdout).toBe('');
  });

  it('GIVEN an official event with no primary or wire source THEN check-data names it and exits 1', () => {
    const log = realLog();
    const i = log.events.findIndex((e) => e.status === 'official');
    log.events[i].sources.forEach((s) => (s.tier = 'press'));
    const path = join(mkdtempSync(join(tmpdir(), 'nh-check-')), 'events.json');
    writeFileSync(path, JSON.stringify(log));
    const r = run(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`- events[${i}] (${log.events[i].id}) → status: official needs a primary or wire source`);
  });

  it('GIVEN a file that is not JSON THEN it says so and exits 1', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nh-check-')), 'events.json');
    writeFileSync(path, '{ "events": [');
    const r = run(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON/);
  });
});
