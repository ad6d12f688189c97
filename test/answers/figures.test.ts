import { describe, expect, it } from 'vitest';
import { answerQuestion, findFigures, indexOf } from '../../src/answers/index.js';
import { figure } from '../../commands/figure.js';
import { UserError, type CommandContext } from '../../src/core/command.js';
import type { Reply } from '../../src/replies/reply.js';
import { realTimeline } from '../helpers/fixture.js';
import { PEOPLE, ROLE_BIT, ROLE_TEXT } from '../../src/answers/lexicon.js';
import { foldText } from '../../src/answers/text.js';
import { eventWords } from '../../src/answers/search-index.js';

const timeline = realTimeline();
const now = new Date('2026-06-01T00:00:00Z');
const ctx: CommandContext = { timeline, now, platform: 'console', user: { id: 'u', canManage: false }, services: {} };

function withinDiscordLimits(r: Reply): void {
  expect((r.title ?? '').length).toBeLessThanOrEqual(256);
  expect((r.body ?? '').length).toBeLessThanOrEqual(4096);
  expect((r.fields ?? []).length).toBeLessThanOrEqual(25);
  for (const f of r.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(256);
    expect(f.value.length).toBeLessThanOrEqual(1024);
  }
  const total = (r.title ?? '').length + (r.body ?? '').length + (r.footer ?? '').length + (r.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  expect(total).toBeLessThanOrEqual(6000);
}

describe('figures first', () => {
  it('GIVEN "How big is Honda\'s tariff hit?" THEN the figure series, latest ¥385 billion first, then ¥450 billion, then ¥650 billion, each with its date', () => {
    const a = answerQuestion(timeline, "How big is Honda's tariff hit?", { now });
    expect(a.found).toBe(true);
    expect(a.kind).toBe('figure');
    const ids = a.figures.map((r) => r.figure.id);
    expect(ids.indexOf('honda-tariff-impact-fy2025-nov')).toBeLessThan(ids.indexOf('honda-tariff-impact-fy2025-aug'));
    expect(ids.indexOf('honda-tariff-impact-fy2025-aug')).toBeLessThan(ids.indexOf('honda-tariff-impact-fy2025-may'));
    const text = a.answer;
    expect(text.indexOf('¥385 billion')).toBeLessThan(text.indexOf('¥450 billion'));
    expect(text.indexOf('¥450 billion')).toBeLessThan(text.indexOf('¥650 billion'));
    expect(text).toContain('7 Nov 2025');
    expect(text).toContain('6 Aug 2025');
    expect(text).toContain('13 May 2025');
    expect(text).toMatch(/revision/i);
    // every figure is cited with its own source
    for (const r of a.figures) expect(a.citations.map((c) => c.url)).toContain(r.source.url);
  });

  it('GIVEN the US plant utilisation THEN both values, each with its source, and a "sources differ" line', () => {
    const a = answerQuestion(timeline, "What is the utilisation rate of Nissan's US plants?", { now });
    expect(a.found).toBe(true);
    const ids = a.figures.map((r) => r.figure.id);
    expect(ids).toEqual(expect.arrayContaining(['nissan-us-plants-utilisation-2024', 'nissan-canton-utilisation-2024']));
    expect(a.answer).toMatch(/sources differ/i);
    expect(a.answer).toContain('57%');
    expect(a.answer).toContain('about 50%');
    expect(a.answer).toContain('automotiveworld.com');
    expect(a.answer).toContain('asianews.network');
  });

  it('GIVEN a fiscal-year figure question THEN the figure for that fiscal year, not another', () => {
    const a = answerQuestion(timeline, 'Nissan net loss FY2024', { now });
    expect(a.figures.map((r) => r.figure.id)).toContain('nissan-net-loss-fy2024');
    expect(a.figures.every((r) => r.figure.period === 'FY ending Mar 2025' && r.figure.metric === 'net-loss')).toBe(true);
    const b = answerQuestion(timeline, 'what net loss did nissan forecast for the year ending march 2026', { now });
    expect(b.figures.map((r) => r.figure.id)).toContain('nissan-net-loss-forecast-fy2025-feb');
  });

  it('GIVEN every number in a figure answer THEN it is a value the log holds', () => {
    const held = new Set<string>();
    for (const r of timeline.figures) for (const v of [r.figure.value, r.figure.valueHigh]) if (v !== undefined) held.add(String(Math.abs(v)));
    // numbers the log states in words (figure notes, event text) count too: they come with their source
    const logText = [...timeline.figures.map((r) => `${r.figure.note ?? ''} ${r.figure.label} ${r.figure.period}`), ...timeline.events.map((e) => `${e.title} ${e.summary}`)].join(' ');
    for (const m of logText.matchAll(/\d[\d,]*(?:\.\d+)?/g)) held.add(m[0].replace(/,/g, ''));
    for (const q of ["How big is Honda's tariff hit?", 'nissan layoffs', 'Renault stake in Nissan', 'Honda operating profit forecast for FY2025']) {
      const a = answerQuestion(timeline, q, { now });
      const text = a.answer.replace(/\(https?:[^)]+\)/g, '').replace(/\d{1,2} [A-Z][a-z]{2} \d{4}|[A-Z][a-z]+ \d{4}|\b(19|20)\d\d\b/g, '');
      for (const m of text.matchAll(/(?<![\w.])[¥$]?(\d[\d,]*(?:\.\d+)?)(?!\w)/g)) expect(held, `${q}: ${m[0]}`).toContain(m[1].replace(/,/g, ''));
    }
  });
});

describe('findFigures and the figure command', () => {
  it('GIVEN a figure id from autocomplete THEN its whole series', () => {
    const res = findFigures(timeline, 'honda-tariff-impact-fy2025-may');
    expect(res.found).toBe(true);
    expect(res.byId).toBe(true);
    expect(res.groups[0][0].figure.id).toBe('honda-tariff-impact-fy2025-nov');
    expect(res.groups[0].map((r) => r.figure.id)).toContain('honda-tariff-impact-fy2025-may');
  });

  it('GIVEN free words THEN matching series, best first, each newest first', () => {
    const res = findFigures(timeline, 'honda tariff');
    expect(res.found).toBe(true);
    for (const g of res.groups) for (let i = 1; i < g.length; i++) expect(g[i - 1].figure.asOf >= g[i].figure.asOf).toBe(true);
  });

  it('GIVEN /nissan-honda figure honda tariff hit THEN a reply with value, period, company, status and source, within Discord limits', async () => {
    const r = await figure.run({ query: 'honda tariff hit' }, ctx);
    expect(r.body).toContain('¥385 billion');
    expect(r.body).toContain('FY ending Mar 2026');
    expect(r.body).toContain('Honda');
    expect(r.body).toMatch(/official|reported/);
    expect(r.body).toMatch(/\]\(https?:/);
    expect((r.data as { figures: { id: string }[] }).figures.map((f) => f.id)).toContain('honda-tariff-impact-fy2025-may');
    withinDiscordLimits(r);
  });

  it('GIVEN the disputed utilisation THEN the reply says the sources differ', async () => {
    const r = await figure.run({ query: 'nissan-canton-utilisation-2024' }, ctx);
    expect(r.body).toMatch(/sources differ/i);
    expect(r.footer).toMatch(/sources differ/);
  });

  it('GIVEN an unknown figure THEN a polite UserError', () => {
    expect(() => figure.run({ query: 'toyota robot count' }, ctx)).toThrow(UserError);
  });

  it('GIVEN every figure in the log THEN its reply stays inside Discord limits', async () => {
    for (const rec of timeline.figures) withinDiscordLimits(await figure.run({ query: rec.figure.id }, ctx));
  });
});

describe('the index: each event and its figures', () => {
  it('GIVEN the log THEN each event’s figures are one range of positions, and each figure points back to its event', () => {
    const p = indexOf(timeline).post;
    expect(p.evFigStart).toHaveLength(timeline.events.length + 1);
    expect(p.evFigStart[timeline.events.length]).toBe(timeline.figures.length);
    timeline.events.forEach((e, k) => {
      const range = timeline.figures.slice(p.evFigStart[k], p.evFigStart[k + 1]);
      expect(range.map((r) => r.figure.id)).toEqual(e.figures.map((f) => f.id));
      for (let i = p.evFigStart[k]; i < p.evFigStart[k + 1]; i++) expect(p.figEvent[i]).toBe(k);
    });
  });

  it('GIVEN figures whose label and metric give the same terms THEN they share one set, and no figure has another’s terms', () => {
    const index = indexOf(timeline);
    const byContent = new Map<string, ReadonlySet<string>>();
    let shared = 0;
    for (const d of index.figures) {
      const key = [...d.terms].join(' ');
      const seen = byContent.get(key);
      if (seen) {
        expect(d.terms).toBe(seen);
        shared++;
      } else byContent.set(key, d.terms);
    }
    expect(shared).toBeGreaterThan(10);
    // every set is the one analyze gives for the figure's own label and metric
    for (const d of index.figures) for (const t of d.terms) expect(index.post.figTerms.get(t)).toContain(d.i);
  });

  it('GIVEN a person of the lexicon THEN the people postings list exactly the events whose title or summary names them', () => {
    const index = indexOf(timeline);
    let listed = 0;
    for (const p of PEOPLE) {
      const expected = index.events.filter((d) => eventWords(d).title.includes(p.key) || eventWords(d).summary.includes(p.key)).map((d) => d.i);
      expect(index.post.people.get(p.key) ?? []).toEqual(expected);
      listed += expected.length;
    }
    expect(listed).toBeGreaterThan(10);
    expect([...index.post.people.keys()].every((k) => PEOPLE.some((p) => p.key === k))).toBe(true);
  });

  it('GIVEN the log THEN the people-in-text postings and each event’s post words are what its folded title and summary hold', () => {
    const index = indexOf(timeline);
    let named = 0;
    let posts = 0;
    for (const d of index.events) {
      const title = foldText(d.event.title);
      const text = `${title} ${foldText(d.event.summary)}`;
      for (const p of PEOPLE) expect(index.post.peopleInText.get(p.key)?.includes(d.i) ?? false).toBe(text.includes(p.key));
      const namesPerson = PEOPLE.some((p) => index.post.people.get(p.key)?.includes(d.i));
      let bits = 0;
      if (namesPerson) for (const [role, re] of Object.entries(ROLE_TEXT)) if (re.test(text)) bits |= ROLE_BIT[role as keyof typeof ROLE_BIT];
      expect(index.post.roleText[d.i]).toBe(bits);
      if (namesPerson) named++;
      if (bits) posts++;
    }
    expect(named).toBeGreaterThan(5);
    expect(posts).toBeGreaterThan(3);
  });
});
