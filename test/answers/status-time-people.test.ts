import { describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/answers/index.js';
import { sentences } from '../../src/answers/reasons.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const now = new Date('2026-06-01T00:00:00Z');
const ask = (q: string): Answer => answerQuestion(timeline, q, { now });
const newest = timeline.events[timeline.events.length - 1].date;

describe('status, relative time, succession and answer text', () => {
  it('GIVEN "are the talks still on?" THEN the latest on the matter, dated, and where the log ends — never a prediction', () => {
    const a = ask('are the truck talks still on?');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^\*\*Where it stands, as the log has it:\*\* the latest it reports on this is from /);
    expect(a.answer).toMatch(/The log runs to /);
    expect(a.answer).not.toMatch(/does not predict/);
  });

  it('GIVEN "after <an event>" THEN only what is dated after that event', () => {
    const a = ask('what happened after the merger talks ended?');
    expect(a.found).toBe(true);
    const end = timeline.events.find((e) => /formally end/i.test(e.title))!;
    for (const e of a.events) expect(e.date > end.date, e.id).toBe(true);
  });

  it('GIVEN a period after the newest event THEN declined, saying where the log ends', () => {
    const a = ask('what did nissan announce in september 2026?');
    expect(a.found).toBe(false);
    expect(a.figures).toEqual([]);
    expect(a.answer).toMatch(/The log runs to /);
    expect(newest < '2026-09').toBe(true);
  });

  it('GIVEN "who replaced X?" or "who did X replace?" THEN the next or previous holder of the post, not X', () => {
    expect(ask('who replaced Uchida?').answer).toMatch(/^\*\*Ivan Espinosa\*\*/);
    expect(ask('who did espinosa replace').answer).toMatch(/^\*\*Makoto Uchida\*\*/);
  });

  it('GIVEN "when did X start as CEO?" THEN the day the log dates the post from, with the announcement', () => {
    const a = ask('when did espinosa start as ceo');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^\*\*1 Apr 2025\*\* — Ivan Espinosa took up the post/);
    expect(a.events[0].title).toMatch(/Espinosa/);
  });

  it('GIVEN a "why" question THEN no sentence is said twice', () => {
    const a = ask('why did the merger talks collapse');
    const said = a.answer.split('\n').flatMap((l) => sentences(l.replace(/\*\*[^*]+\*\*/g, '')));
    const long = said.filter((s) => s.length > 40);
    expect(new Set(long).size).toBe(long.length);
  });

  it('GIVEN any answered event question THEN short enough for a chat message', () => {
    for (const q of ['what is re:nissan?', 'why did the merger talks collapse', 'what happened with the pickup talks']) {
      const a = ask(q);
      expect(a.answer.length, q).toBeLessThan(1200);
    }
  });

  it('GIVEN a question in Japanese script THEN declined with the reason, never half-read', () => {
    const a = ask('ホンダの関税の影響はいくらですか？');
    expect(a.found).toBe(false);
    expect(a.reason).toBe('language');
    expect(a.figures).toEqual([]);
  });
});
