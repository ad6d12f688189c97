import { describe, it, expect } from 'vitest';
import { Registry, runAction, runAutocomplete, runCommand } from '../../src/core/dispatch.js';
import { UserError, type CommandContext, type Subcommand } from '../../src/core/command.js';
import { fixtureTimeline } from '../helpers/fixture.js';

const calls: unknown[] = [];
const echo: Subcommand = {
  name: 'echo',
  description: 'echo',
  options: [
    { name: 'text', description: 'text', type: 'string', required: true, maxLength: 10 },
    { name: 'n', description: 'n', type: 'integer', minValue: 1, maxValue: 10 },
    { name: 'mode', description: 'mode', type: 'string', choices: [{ name: 'fast', value: 'fast' }, { name: 'slow', value: 'slow' }], aliases: { f: 'fast' } },
  ],
  run(args) {
    calls.push(args);
    return { body: `echo ${args.text}` };
  },
  autocomplete: (_o, v) => Array.from({ length: 40 }, (_, i) => ({ name: `${v}-${i}-${'x'.repeat(120)}`, value: `${i}` })),
  actionPrefix: 'ec',
  onAction: (state) => ({ body: `action ${state}` }),
};
const admin: Subcommand = { name: 'subscribe', group: 'digest', description: 'd', options: [], requires: 'manage', run: () => ({ body: 'subscribed' }) };
const broken: Subcommand = { name: 'broken', description: 'b', options: [], run: () => { throw new Error('kaboom'); } };
const polite: Subcommand = { name: 'polite', description: 'p', options: [], run: () => { throw new UserError('Nope, politely.'); } };
const registry = new Registry([echo, admin, broken, polite]);

function ctx(canManage = false): CommandContext {
  return { timeline: fixtureTimeline(), now: new Date('2026-01-01T00:00:00Z'), platform: 'console', user: { id: 'u', canManage }, services: {} };
}

describe('dispatch', () => {
  it('GIVEN valid args THEN the handler runs with converted values', async () => {
    const r = await runCommand(registry, { name: 'echo', args: { text: 'hi', n: '3', mode: 'F' } }, ctx());
    expect(r.body).toBe('echo hi');
    expect(calls.at(-1)).toEqual({ text: 'hi', n: 3, mode: 'fast' });
  });

  it('GIVEN an over-long option THEN an ephemeral error names the option and limit, and the handler never runs', async () => {
    const before = calls.length;
    const r = await runCommand(registry, { name: 'echo', args: { text: 'x'.repeat(11) } }, ctx());
    expect(r.ephemeral).toBe(true);
    expect(r.tone).toBe('error');
    expect(r.body).toMatch(/`text` is too long: 11 characters, the limit is 10/);
    expect(calls.length).toBe(before);
  });

  it('GIVEN out-of-range, non-numeric, missing, unknown and bad-choice options THEN each gets a specific error', async () => {
    expect((await runCommand(registry, { name: 'echo', args: { text: 'a', n: 11 } }, ctx())).body).toMatch(/at most 10/);
    expect((await runCommand(registry, { name: 'echo', args: { text: 'a', n: 'two' } }, ctx())).body).toMatch(/whole number/);
    expect((await runCommand(registry, { name: 'echo', args: {} }, ctx())).body).toMatch(/needs `text`/);
    expect((await runCommand(registry, { name: 'echo', args: { text: 'a', colour: 'red' } }, ctx())).body).toMatch(/no option `colour`/);
    expect((await runCommand(registry, { name: 'echo', args: { text: 'a', mode: 'warp' } }, ctx())).body).toMatch(/one of: `fast`, `slow`/);
  });

  it('GIVEN an unknown subcommand THEN a polite error suggests help', async () => {
    const r = await runCommand(registry, { name: 'nope', args: {} }, ctx());
    expect(r.ephemeral).toBe(true);
    expect(r.body).toMatch(/There is no `\/nissan-honda nope`/);
  });

  it('GIVEN a plain member WHEN calling a manage-only subcommand THEN it is refused; an admin is allowed', async () => {
    const denied = await runCommand(registry, { group: 'digest', name: 'subscribe', args: {} }, ctx(false));
    expect(denied.ephemeral).toBe(true);
    expect(denied.body).toMatch(/Manage Server/);
    expect((await runCommand(registry, { group: 'digest', name: 'subscribe', args: {} }, ctx(true))).body).toBe('subscribed');
  });

  it('GIVEN a handler that crashes THEN the user gets a generic ephemeral error (no stack trace)', async () => {
    const r = await runCommand(registry, { name: 'broken', args: {} }, ctx());
    expect(r.ephemeral).toBe(true);
    expect(r.body).not.toMatch(/kaboom/);
    expect(r.title).toBe('Something went wrong');
  });

  it('GIVEN a handler that throws UserError THEN its message is shown', async () => {
    expect((await runCommand(registry, { name: 'polite', args: {} }, ctx())).body).toBe('Nope, politely.');
  });

  it('GIVEN autocomplete returning too many/too long choices THEN at most 25 with names ≤ 100 chars', () => {
    const c = runAutocomplete(registry, { name: 'echo', args: { text: 'ab' }, focused: 'text' }, ctx());
    expect(c).toHaveLength(25);
    for (const ch of c) expect(ch.name.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN a button id THEN it is routed by prefix; an unknown id gets an ephemeral error', async () => {
    expect((await runAction(registry, 'ec:42', ctx())).body).toBe('action 42');
    const r = await runAction(registry, 'zz:1', ctx());
    expect(r.ephemeral).toBe(true);
  });
});
