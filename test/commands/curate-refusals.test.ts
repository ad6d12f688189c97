/** Curation refusals (another curator acted first, an unknown item, a bad source link) in the asker's language. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRegistry } from '../../commands/index.js';
import { curationCommands } from '../../commands/curate.js';
import { runCommand } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { markupToText } from '../../src/replies/plain-text.js';
import { addCandidate, curationFixture, NOW, type CurationFixture } from '../curation/helpers.js';

let f: CurationFixture;
const registry = createRegistry(curationCommands);

function ctx(locale?: 'ja'): CommandContext {
  return {
    timeline: f.service.options.timeline(),
    now: NOW,
    platform: 'discord',
    guildId: '111111111111111111',
    user: { id: '900000000000000001', name: 'Ann', canManage: true },
    services: { curation: { service: f.service, policy: { guildIds: ['111111111111111111'] } } },
    ...(locale ? { locale } : {}),
  };
}

let candidate: number;
const text = (r: { body?: string }) => markupToText(r.body ?? '');
beforeEach(async () => {
  f = curationFixture();
  candidate = (await addCandidate(f.store, { url: 'https://news.example/a', title: 'Honda and Nissan revisit the pickup deal' })).id;
  await f.service.dismiss(candidate, 'discord:1 (Bo)');
});
afterEach(() => f.db.close());

describe('curation refusals', () => {
  it('GIVEN a candidate another curator dismissed WHEN attached in English THEN the service’s words, and in Japanese THEN Japanese naming who acted; the log unchanged', async () => {
    const before = readFileSync(f.eventsPath);
    const event = f.service.options.timeline().events[0].id;
    const en = await runCommand(registry, { group: 'curate', name: 'attach', args: { candidate, event } }, ctx());
    expect(en.tone).toBe('error');
    expect(text(en)).toContain(`Candidate #${candidate} was already dismissed by discord:1 (Bo) at ${NOW.toISOString()}.`);
    const ja = await runCommand(registry, { group: 'curate', name: 'attach', args: { candidate, event } }, ctx('ja'));
    expect(ja.tone).toBe('error');
    expect(text(ja)).toContain(`候補 #${candidate} は`);
    expect(text(ja)).toContain('discord:1 (Bo) が');
    expect(text(ja)).toContain('すでに処理済みです（却下）');
    expect(text(ja)).not.toMatch(/already|dismissed/);
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
  });

  it('GIVEN an unknown candidate THEN Japanese says there is none and how to list them', async () => {
    const ja = await runCommand(registry, { group: 'curate', name: 'attach', args: { candidate: 9999, event: f.service.options.timeline().events[0].id } }, ctx('ja'));
    expect(text(ja)).toContain('候補 #9999 はありません');
    expect(text(ja)).toContain('curate list で一覧できます');
  });

  it('GIVEN a report whose source is not a link THEN the refusal is English or Japanese by locale and nothing is recorded', async () => {
    const event = f.service.options.timeline().events[0].id;
    const en = await runCommand(registry, { name: 'report', args: { event, what: 'The date is wrong.', source: 'not a link' } }, ctx());
    expect(text(en)).toContain('The source must be a full http(s) link');
    const ja = await runCommand(registry, { name: 'report', args: { event, what: '日付が違います。', source: 'not a link' } }, ctx('ja'));
    expect(text(ja)).toContain('出典は http(s) で始まる完全なリンク');
    expect(await f.store.reports({ status: 'open' })).toHaveLength(0);
  });
});
