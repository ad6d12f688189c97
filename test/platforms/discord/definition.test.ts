import { describe, it, expect } from 'vitest';
import type { APIApplicationCommandOption } from 'discord.js';
import { commandDefinition, definitionLength, validateDefinition, NAME_PATTERN } from '../../../src/platforms/discord/definition.js';
import { createRegistry } from '../../../commands/index.js';
import { digestCommands } from '../../../commands/digest.js';
import { Registry } from '../../../src/core/dispatch.js';
import type { Subcommand } from '../../../src/core/command.js';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { fixtureTimeline } from '../../helpers/fixture.js';

const loaded = loadTimelineFile('data/events.json');
if (!loaded.ok) throw new Error(loaded.error.message);
const timeline = loaded.timeline;

/** A digest-like group, shaped as the digest commands will be: it proves groups, channel options and option ordering. */
const digestSubscribe: Subcommand = {
  name: 'subscribe',
  group: 'digest',
  description: 'Post a recap to a channel on a schedule',
  requires: 'manage',
  options: [
    { name: 'channel', description: 'Text channel (default: this one)', type: 'channel' },
    { name: 'frequency', description: 'How often', type: 'string', required: true, choices: [{ name: 'daily', value: 'daily' }, { name: 'weekly', value: 'weekly' }] },
    { name: 'quiet', description: 'Post "no new developments" too', type: 'boolean' },
    { name: 'timezone', description: 'IANA time zone', type: 'string', autocomplete: true, maxLength: 64 },
  ],
  run: () => ({ title: 'ok' }),
};
const digestList: Subcommand = { name: 'list', group: 'digest', description: 'Every subscription here', requires: 'manage', options: [], run: () => ({ title: 'ok' }) };

const sub = (opts: readonly APIApplicationCommandOption[] | undefined, name: string) => opts?.find((o) => o.name === name) as any;

describe('commandDefinition', () => {
  const def = commandDefinition(createRegistry([digestSubscribe, digestList]), timeline);

  it('GIVEN the real registry and log WHEN built THEN the JSON stays within every Discord limit', () => {
    expect(validateDefinition(def)).toEqual([]);
    expect(definitionLength(def)).toBeLessThanOrEqual(8000);
    expect(JSON.stringify(def).length).toBeLessThan(16000);
  });

  it('GIVEN the definition THEN it is the single chat-input command nissan-honda, guild-installed, without default_member_permissions', () => {
    expect(def.name).toBe('nissan-honda');
    expect(def.type).toBe(1);
    expect(def.contexts).toEqual([0]);
    expect(def.integration_types).toEqual([0]);
    // default_member_permissions would hide the read commands from everyone; digest is enforced server-side.
    expect('default_member_permissions' in def).toBe(false);
    expect(def.description.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN the read commands THEN every subcommand named in the issue exists with its options', () => {
    const names = def.options!.filter((o) => o.type === 1).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['latest', 'timeline', 'event', 'figure', 'ask', 'recap', 'about']));
    expect(sub(def.options, 'latest').options).toMatchObject([
      { name: 'count', description: 'How many events (1–10, default 5)', required: false, type: 4, min_value: 1, max_value: 10 },
      { name: 'news', description: 'Also show news the curators have not reviewed yet (default: this server’s setting)', required: false, type: 5 },
    ]);
    expect(sub(def.options, 'event').options[0]).toMatchObject({ name: 'id', type: 3, required: true, autocomplete: true });
    expect(sub(def.options, 'figure').options[0]).toMatchObject({ name: 'query', type: 3, required: true, autocomplete: true });
    expect(sub(def.options, 'ask').options[0]).toMatchObject({ name: 'question', type: 3, required: true, max_length: 300 });
    expect(sub(def.options, 'about').options).toBeUndefined();
  });

  it('GIVEN computed choices THEN the timeline topic choices are the log’s topics (≤ 25), and recap periods are the static choices', () => {
    const topic = sub(sub(def.options, 'timeline').options, 'topic');
    expect(topic.choices.map((c: any) => c.value)).toEqual(timeline.topics.slice(0, 25));
    expect(topic.autocomplete).toBeUndefined();
    const period = sub(sub(def.options, 'recap').options, 'period');
    expect(period.choices.map((c: any) => c.value)).toEqual(['last-7-days', 'last-30-days', 'this-year', 'all']);
  });

  it('GIVEN a Subcommand with a group THEN it is registered in a subcommand group, required options first, channel restricted to text and announcement channels', () => {
    const group = sub(def.options, 'digest');
    expect(group.type).toBe(2);
    expect(group.options.map((o: any) => o.name)).toEqual(['subscribe', 'list']);
    const subscribe = sub(group.options, 'subscribe');
    expect(subscribe.options.map((o: any) => o.name)).toEqual(['frequency', 'channel', 'quiet', 'timezone']);
    expect(sub(subscribe.options, 'channel')).toMatchObject({ name: 'channel', description: 'Text channel (default: this one)', required: false, type: 7, channel_types: [0, 5] });
    expect(sub(subscribe.options, 'quiet').type).toBe(5);
    expect(sub(subscribe.options, 'timezone')).toMatchObject({ type: 3, autocomplete: true, max_length: 64 });
    expect(sub(group.options, 'list').options).toBeUndefined();
  });

  it('GIVEN every name in the definition THEN it matches Discord’s naming rule', () => {
    const names: string[] = [def.name];
    const walk = (opts: readonly any[] | undefined) => opts?.forEach((o) => (names.push(o.name), walk(o.options)));
    walk(def.options);
    for (const n of names) expect(n, n).toMatch(NAME_PATTERN);
  });
});

describe('commandDefinition with the real digest commands', () => {
  const def = commandDefinition(createRegistry(digestCommands), timeline);
  it('GIVEN the read commands and the digest group THEN the JSON stays within every Discord limit and digest is a subcommand group', () => {
    expect(validateDefinition(def)).toEqual([]);
    const group = sub(def.options, 'digest');
    expect(group.type).toBe(2);
    expect(group.options.map((o: any) => o.name)).toEqual(expect.arrayContaining(['subscribe', 'unsubscribe', 'list', 'preview', 'send-now']));
    expect('default_member_permissions' in def).toBe(false);
  });
});

describe('commandDefinition keeps Discord limits even for careless definitions', () => {
  it('GIVEN long descriptions and more than 25 computed choices WHEN built THEN descriptions are cut to 100 and choices to 25', () => {
    const wordy: Subcommand = {
      name: 'wordy',
      description: 'D'.repeat(150),
      options: [{ name: 'pick', description: 'P'.repeat(120), type: 'string', choices: () => Array.from({ length: 40 }, (_, i) => ({ name: `choice ${i}`, value: `c${i}` })) }],
      run: () => ({}),
    };
    const def = commandDefinition(new Registry([wordy]), fixtureTimeline(3));
    expect(validateDefinition(def)).toEqual([]);
    const o = def.options![0] as any;
    expect(o.description).toHaveLength(100);
    expect(o.options[0].description).toHaveLength(100);
    expect(o.options[0].choices).toHaveLength(25);
  });
});

describe('validateDefinition', () => {
  it('GIVEN a definition breaking several rules THEN each problem is named', () => {
    const bad = {
      name: 'Nissan Honda',
      description: '',
      options: [
        {
          type: 1,
          name: 'x',
          description: 'ok',
          options: [
            { type: 3, name: 'opt', description: 'optional', required: false },
            { type: 3, name: 'req', description: 'required after optional', required: true },
            { type: 3, name: 'many', description: 'too many choices', choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` })), autocomplete: true },
          ],
        },
      ],
    } as any;
    const problems = validateDefinition(bad).join('\n');
    expect(problems).toMatch(/name "Nissan Honda" does not match/);
    expect(problems).toMatch(/description must be 1–100 characters \(has 0\)/);
    expect(problems).toMatch(/req: a required option comes after an optional one/);
    expect(problems).toMatch(/many: 26 choices, the limit is 25/);
    expect(problems).toMatch(/many: choices and autocomplete cannot be combined/);
  });

  it('GIVEN a definition over 8000 characters THEN it is refused', () => {
    const options = Array.from({ length: 25 }, (_, i) => ({
      type: 1,
      name: `s${i}`,
      description: 'd'.repeat(100),
      options: [{ type: 3, name: 'o', description: 'd'.repeat(100), choices: Array.from({ length: 25 }, (_, j) => ({ name: `c${j}`, value: `v${j}` })) }],
    }));
    expect(validateDefinition({ name: 'big', description: 'big', options } as any).join('\n')).toMatch(/the limit is 8000/);
  });
});
