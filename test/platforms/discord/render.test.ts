import { describe, it, expect } from 'vitest';
import { toDiscordMessage, toDiscordApiMessage, embedLength, TONE_COLORS, EPHEMERAL_FLAG } from '../../../src/platforms/discord/render.js';
import { cutMarkdown } from '../../../src/replies/reply.js';
import { runCommand, runAction } from '../../../src/core/dispatch.js';
import type { CommandContext } from '../../../src/core/command.js';
import type { Reply } from '../../../src/replies/reply.js';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { renderEvent } from '../../../commands/event.js';
import { createRegistry } from '../../../commands/index.js';
import { PERIODS } from '../../../commands/recap.js';
import { discordMessageProblems, brokenLinks } from './limits.js';

const loaded = loadTimelineFile('data/events.json');
if (!loaded.ok) throw new Error(loaded.error.message);
const timeline = loaded.timeline;
const registry = createRegistry();
const ctx: CommandContext = {
  timeline,
  now: new Date('2026-11-25T12:00:00Z'),
  platform: 'discord',
  user: { id: '900000000000000001', canManage: false },
  services: {},
};

function expectWithinLimits(reply: Reply, what: string) {
  const msg = toDiscordMessage(reply);
  expect(discordMessageProblems(msg), what).toEqual([]);
  for (const e of msg.embeds) {
    expect(brokenLinks(e.description), `${what}: description links`).toEqual([]);
    for (const f of e.fields ?? []) expect(brokenLinks(f.value), `${what}: field ${f.name}`).toEqual([]);
  }
  return msg;
}

describe('toDiscordMessage on the real event log', () => {
  it(`GIVEN every event of data/events.json WHEN rendered with renderEvent THEN each message stays inside every Discord limit`, () => {
    expect(timeline.events.length).toBeGreaterThan(0);
    for (const e of timeline.events) {
      const msg = expectWithinLimits(renderEvent(e, timeline), `event ${e.id}`);
      expect(msg.embeds[0].title).toBeTruthy();
      expect(msg.embeds[0].url).toBe(e.sources[0].url);
      // Every source link of the event survives (sources are never cut away silently unless there are very many).
      const text = JSON.stringify(msg.embeds[0]);
      expect(text).toContain(e.sources[0].url);
    }
  });

  it('GIVEN every figure of the log WHEN asked with /nissan-honda figure (by id and by label) THEN each answer stays inside every Discord limit', async () => {
    expect(timeline.figures.length).toBeGreaterThan(0);
    // Every figure by id; every eighth also by its label (free-text search is slower and tested with the answers).
    for (const [i, rec] of timeline.figures.entries()) {
      for (const query of i % 8 === 0 ? [rec.figure.id, rec.figure.label.slice(0, 100)] : [rec.figure.id]) {
        const reply = await runCommand(registry, { name: 'figure', args: { query } }, ctx);
        expectWithinLimits(reply, `figure ${query}`);
      }
    }
  });

  it('GIVEN every read subcommand with its widest options WHEN rendered THEN each message stays inside every Discord limit', async () => {
    const requests: { name: string; args: Record<string, unknown> }[] = [
      { name: 'latest', args: { count: 10 } },
      { name: 'timeline', args: {} },
      { name: 'about', args: {} },
      { name: 'ask', args: { question: 'How much did the tariffs cost Honda?' } },
      { name: 'ask', args: { question: 'Why did the merger talks collapse?' } },
      { name: 'ask', args: { question: 'What is the weather on Mars?' } },
      ...PERIODS.map((p) => ({ name: 'recap', args: { period: p.value } })),
      ...timeline.topics.map((topic) => ({ name: 'timeline', args: { topic } })),
    ];
    for (const req of requests) expectWithinLimits(await runCommand(registry, req, ctx), `${req.name} ${JSON.stringify(req.args)}`);
  });

  it('GIVEN the timeline WHEN every page is opened through its buttons THEN every page stays inside the limits', async () => {
    let reply = await runCommand(registry, { name: 'timeline', args: {} }, ctx);
    const seen = new Set<unknown>();
    for (let i = 0; i < 50; i++) {
      expectWithinLimits(reply, `timeline page ${JSON.stringify(reply.data?.page)}`);
      seen.add(reply.data?.page);
      const prev = reply.buttons?.find((b) => b.label.includes('Previous'));
      if (!prev || prev.disabled) break;
      reply = await runAction(registry, prev.action, ctx);
    }
    expect(seen.size).toBe(reply.data?.pages ?? seen.size);
  });
});

describe('toDiscordMessage on synthetic replies', () => {
  const link = (i: number) => `[Source number ${i} with a long label](https://example.com/a/very/long/path/${i}?q=${'x'.repeat(40)})`;
  const huge: Reply = {
    title: `A very long title ${'T'.repeat(400)} [link](https://example.com)`,
    url: 'https://example.com/title',
    body: Array.from({ length: 200 }, (_, i) => `**Line ${i}** _italic_ \`code\` ${link(i)}`).join('\n'),
    fields: Array.from({ length: 40 }, (_, i) => ({ name: `Field ${i} ${'N'.repeat(300)}`, value: Array.from({ length: 30 }, (_, j) => `• ${link(j)}`).join('\n') })),
    footer: 'F'.repeat(3000),
    tone: 'reported',
    buttons: [
      ...Array.from({ length: 30 }, (_, i) => ({ action: `act:${i}`, label: `Button ${i} ${'L'.repeat(100)}` })),
      { action: 'x'.repeat(101), label: 'too long id' },
    ],
  };

  it('GIVEN a reply far over every limit WHEN rendered THEN it is truncated within all limits, fields are cut from the end with a "…more" note, and no link is left half-cut', () => {
    const msg = expectWithinLimits(huge, 'huge');
    const e = msg.embeds[0];
    expect(embedLength(e)).toBeLessThanOrEqual(6000);
    expect(e.title!.endsWith('…')).toBe(true);
    expect(e.title).not.toContain('](');
    // Title, description and the start of the footer take the whole budget: every field gives way to one "…more" note.
    expect(e.fields).toEqual([{ name: '…more', value: '40 more sections did not fit in this message.' }]);
    expect(e.description!.length).toBeGreaterThan(3000);
    expect(msg.components.length).toBe(5);
    expect(msg.components.every((r) => r.components.length === 5)).toBe(true);
    expect(msg.components.flatMap((r) => r.components).some((b) => b.custom_id.length > 100)).toBe(false);
  });

  it('GIVEN a short body and 40 large fields WHEN rendered THEN the first fields are kept in order and the rest are cut from the end with a "…more" note', () => {
    const msg = expectWithinLimits({ ...huge, body: 'Short body.', footer: 'footer' }, 'many fields');
    const fields = msg.embeds[0].fields!;
    expect(fields.length).toBeGreaterThan(2);
    expect(fields.length).toBeLessThan(25);
    fields.slice(0, -1).forEach((f, i) => expect(f.name.startsWith(`Field ${i} `)).toBe(true));
    expect(fields.at(-1)).toEqual({ name: '…more', value: `${40 - (fields.length - 1)} more sections did not fit in this message.` });
    expect(msg.embeds[0].footer).toEqual({ text: 'footer' });
  });

  it('GIVEN text a command already cut inside a link THEN the dangling link is dropped before the ellipsis', () => {
    const msg = toDiscordMessage({ title: 't', body: 'Read [Reuters — story](https://reuters.example/a/b…', fields: [{ name: 'n', value: '• **¥450 billion** — [Nippon.com (Jiji)](https:…' }] });
    expect(msg.embeds[0].description).toBe('Read…');
    expect(msg.embeds[0].fields![0].value).toBe('• **¥450 billion** —…');
  });

  it('GIVEN more than 25 fields that are small THEN 24 are kept plus a "…more" field', () => {
    const msg = toDiscordMessage({ title: 't', fields: Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })) });
    expect(msg.embeds[0].fields).toHaveLength(25);
    expect(msg.embeds[0].fields![24]).toMatchObject({ name: '…more', value: '6 more sections did not fit in this message.' });
  });

  it('GIVEN markup from the subset THEN it maps to Discord markdown: kept in description and field values, links reduced to labels in titles and field names, plain text in the footer', () => {
    const msg = toDiscordMessage({
      title: 'Tariffs: [Honda](https://honda.example) **cut**',
      body: '**bold** _italic_ `code` [label](https://example.com/x)\n• bullet',
      fields: [{ name: '[Reuters](https://r.example) report', value: '**¥450 billion** [source](https://r.example/1)', inline: true }],
      footer: '**id:** `x` [l](https://e.example)',
    });
    const e = msg.embeds[0];
    expect(e.title).toBe('Tariffs: Honda **cut**');
    expect(e.description).toBe('**bold** _italic_ `code` [label](https://example.com/x)\n• bullet');
    expect(e.fields![0]).toEqual({ name: 'Reuters report', value: '**¥450 billion** [source](https://r.example/1)', inline: true });
    expect(e.footer!.text).toBe('id: x l <https://e.example>');
  });

  it('GIVEN each tone THEN the embed has that tone’s colour; no tone is info', () => {
    for (const tone of Object.keys(TONE_COLORS) as (keyof typeof TONE_COLORS)[]) {
      expect(toDiscordMessage({ title: 't', tone }).embeds[0].color).toBe(TONE_COLORS[tone]);
    }
    expect(toDiscordMessage({ title: 't' }).embeds[0].color).toBe(TONE_COLORS.info);
  });

  it('GIVEN an ephemeral reply THEN flags is MessageFlags.Ephemeral (64); otherwise no flags', () => {
    expect(toDiscordMessage({ title: 't', ephemeral: true }).flags).toBe(EPHEMERAL_FLAG);
    expect(EPHEMERAL_FLAG).toBe(64);
    expect(toDiscordMessage({ title: 't' }).flags).toBeUndefined();
  });

  it('GIVEN any reply THEN allowedMentions is { parse: [] } (and allowed_mentions in the raw API shape)', () => {
    for (const r of [{}, { title: '@everyone' }, huge, { body: '<@123> <@&456> @here', ephemeral: true }] as Reply[]) {
      expect(toDiscordMessage(r).allowedMentions).toEqual({ parse: [] });
      const api = toDiscordApiMessage(r);
      expect(api.allowed_mentions).toEqual({ parse: [] });
      expect('allowedMentions' in api).toBe(false);
    }
  });

  it('GIVEN buttons THEN they become action rows with custom_id = action, secondary by default, primary and disabled kept', () => {
    const msg = toDiscordMessage({
      title: 't',
      buttons: [
        { action: 'tl:1||||', label: '◀ Previous', disabled: true },
        { action: 'tl:3||||', label: 'Next ▶', style: 'primary' },
      ],
    });
    expect(msg.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, custom_id: 'tl:1||||', label: '◀ Previous', style: 2, disabled: true },
          { type: 2, custom_id: 'tl:3||||', label: 'Next ▶', style: 1 },
        ],
      },
    ]);
    expect(toDiscordMessage({ title: 't' }).components).toEqual([]);
  });

  it('GIVEN an empty reply THEN the message is still valid (one non-empty embed)', () => {
    expect(discordMessageProblems(toDiscordMessage({}))).toEqual([]);
  });

  it('GIVEN cutMarkdown on text ending inside a link or bold span THEN the dangling construct is dropped', () => {
    expect(cutMarkdown('see [Reuters](https://example.com/long/path) now', 30)).toBe('see…');
    expect(cutMarkdown('aaaa **bold text that goes on**', 20)).toBe('aaaa…');
    expect(cutMarkdown('short', 10)).toBe('short');
    expect(cutMarkdown('x'.repeat(50), 10)).toHaveLength(10);
  });
});
