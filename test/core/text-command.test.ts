import { describe, it, expect } from 'vitest';
import { parseTextCommand, tokenize } from '../../src/core/text-command.js';
import { createRegistry } from '../../commands/index.js';
import type { Subcommand } from '../../src/core/command.js';
import { fixtureTimeline } from '../helpers/fixture.js';

/** A digest-shaped group so the grammar for `digest subscribe daily 09:00 Asia/Tokyo` is covered without the digest service. */
const subscribe: Subcommand = {
  name: 'subscribe',
  group: 'digest',
  description: 'test',
  requires: 'manage',
  options: [
    { name: 'frequency', description: 'd', type: 'string', choices: ['daily', 'weekly', 'alerts'].map((v) => ({ name: v, value: v })) },
    { name: 'time', description: 'd', type: 'string' },
    { name: 'timezone', description: 'd', type: 'string' },
    { name: 'weekday', description: 'd', type: 'string', choices: ['mon', 'tue'].map((v) => ({ name: v, value: v })) },
    { name: 'quiet', description: 'd', type: 'boolean' },
    { name: 'channel', description: 'd', type: 'channel' },
  ],
  run: () => ({}),
};
const list: Subcommand = { name: 'list', group: 'digest', description: 'test', requires: 'manage', options: [], run: () => ({}) };
const registry = createRegistry([subscribe, list]);
const tl = fixtureTimeline(15);
const parse = (s: string) => parseTextCommand(s, registry, tl);

describe('parseTextCommand', () => {
  it('GIVEN a named free-text option THEN its value runs to the next named option, as in Discord', () => {
    expect(parse('ask question:what was honda tariff hit?')).toEqual({ kind: 'command', request: { name: 'ask', args: { question: 'what was honda tariff hit?' } } });
    expect(parse('figure query:honda tariff impact')).toEqual({ kind: 'command', request: { name: 'figure', args: { query: 'honda tariff impact' } } });
    expect(parse('timeline topic:tariffs from:2025-04')).toEqual({ kind: 'command', request: { name: 'timeline', args: { topic: 'tariffs', from: '2025-04' } } });
    // an option with choices (a company) takes one word; the next word is positional
    const r = parse('timeline company:honda 2025-04');
    expect(r.kind === 'command' && r.request.args).toMatchObject({ company: 'honda', from: '2025-04' });
    expect(parse('digest subscribe time:09:00 timezone:Asia/Tokyo daily')).toEqual({
      kind: 'command',
      request: { group: 'digest', name: 'subscribe', args: { time: '09:00', timezone: 'Asia/Tokyo', frequency: 'daily' } },
    });
  });

  it('GIVEN the documented forms THEN each becomes its request', () => {
    expect(parse('figure honda tariff')).toEqual({ kind: 'command', request: { name: 'figure', args: { query: 'honda tariff' } } });
    expect(parse('/nissan-honda timeline topic:tariffs from:2025-04')).toEqual({ kind: 'command', request: { name: 'timeline', args: { topic: 'tariffs', from: '2025-04' } } });
    expect(parse('recap 30d')).toEqual({ kind: 'command', request: { name: 'recap', args: { period: 'last-30-days' } } });
    expect(parse('digest subscribe daily 09:00 Asia/Tokyo')).toEqual({
      kind: 'command',
      request: { group: 'digest', name: 'subscribe', args: { frequency: 'daily', time: '09:00', timezone: 'Asia/Tokyo' } },
    });
    expect(parse('why did the talks collapse?')).toEqual({ kind: 'command', request: { name: 'ask', args: { question: 'why did the talks collapse?' } } });
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('  ')).toEqual({ kind: 'empty' });
  });

  it('GIVEN a Slack channel reference <#C…|name> THEN the channel option gets the id', () => {
    const r = parse('digest subscribe weekly mon 08:30 Europe/London <#C0123ABC|general>');
    expect(r).toMatchObject({ kind: 'command', request: { args: { frequency: 'weekly', weekday: 'mon', time: '08:30', timezone: 'Europe/London', channel: 'C0123ABC' } } });
  });

  it('GIVEN a group word alone (`digest`) THEN an error listing its subcommands, not a question about "digest"', () => {
    const r = parse('digest');
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message).toBe('`/nissan-honda digest` needs a subcommand: `/nissan-honda digest subscribe`, `/nissan-honda digest list`.');
  });

  it('GIVEN a boolean option by its bare name THEN it is switched on; `name:false` still works', () => {
    expect(parse('digest subscribe daily 09:00 UTC quiet')).toMatchObject({ kind: 'command', request: { args: { frequency: 'daily', timezone: 'UTC', quiet: 'true' } } });
    expect(parse('digest subscribe daily quiet:false')).toMatchObject({ kind: 'command', request: { args: { quiet: 'false' } } });
    expect(parse('digest subscribe daily --quiet')).toMatchObject({ kind: 'command', request: { args: { quiet: 'true' } } });
  });

  it('GIVEN a question that starts with a subcommand name and has several words the subcommand cannot take THEN it is asked', () => {
    for (const q of ['latest news on tariffs', 'about the merger?', 'recap of the merger talks']) {
      expect(parse(q), q).toEqual({ kind: 'command', request: { name: 'ask', args: { question: q } } });
    }
  });

  it('GIVEN one stray word, or stray words in an admin group THEN an error with the usage (typos are pointed out, never asked)', () => {
    for (const s of ['recap 3d', 'latest three', 'digest list extra words']) {
      const r = parse(s);
      expect(r.kind, s).toBe('error');
      if (r.kind === 'error') expect(r.message, s).toMatch(/^I did not understand ".+" for \/nissan-honda .+ Usage: /);
    }
  });

  it('GIVEN stray words with markup or mentions THEN the error echoes them escaped (no bold, no link, no ping)', () => {
    const r = parse('digest list **x** [y](https://evil.example) <!channel> @here');
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.message).toContain('\\*\\*x\\*\\*');
    expect(r.message).toContain('\\[y\\]\\(https://evil.example\\)');
    expect(r.message).not.toContain('<!channel>');
    expect(r.message).not.toMatch(/@here/);
  });

  it('GIVEN very long stray text THEN the echo is cut to 60 characters with an ellipsis', () => {
    const r = parse(`digest list ${'word '.repeat(40)}`);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(/"([^"]*)"/.exec(r.message)![1].length).toBeLessThanOrEqual(60);
  });

  it('GIVEN quotes (straight or typographic) THEN quoted words stay together', () => {
    expect(tokenize('company:"Mitsubishi Motors" “two words” plain')).toEqual(['company:Mitsubishi Motors', 'two words', 'plain']);
    expect(parse('timeline company:"Mitsubishi Motors"')).toMatchObject({ kind: 'command', request: { args: { company: 'Mitsubishi Motors' } } });
  });

  it('GIVEN a mistyped subcommand (lastest, timline, recpa) THEN "did you mean" with the subcommand, never a question', () => {
    for (const [typed, meant] of [['lastest', 'latest'], ['timline company:nissan', 'timeline'], ['recpa', 'recap'], ['evnt some-id', 'event']]) {
      const r = parse(typed);
      expect(r.kind, typed).toBe('error');
      if (r.kind === 'error') expect(r.message, typed).toContain(`Did you mean \`/nissan-honda ${meant}\``);
    }
  });

  it('GIVEN a first word that is an English word near a subcommand (events, figures) THEN it is still a question', () => {
    for (const q of ['events in 2025', 'figures for honda']) expect(parse(q), q).toEqual({ kind: 'command', request: { name: 'ask', args: { question: q } } });
  });

  it('GIVEN a misspelt option name (compnay:nissan) THEN an error naming the nearest option and listing every option, not a filter value', () => {
    const r = parse('timeline compnay:nissan');
    expect(r.kind).toBe('error');
    if (r.kind === 'error') {
      expect(r.message).toContain('"compnay" is not an option of /nissan-honda timeline');
      expect(r.message).toContain('Did you mean company:?');
      expect(r.message).toMatch(/Options: topic:… company:… from:… to:…/);
    }
  });

  it('GIVEN a colon inside a free-text question (re:nissan) THEN it stays part of the question', () => {
    expect(parse('ask question:what is re:nissan?')).toEqual({ kind: 'command', request: { name: 'ask', args: { question: 'what is re:nissan?' } } });
  });
});
