import { describe, it, expect } from 'vitest';
import type { types } from '@slack/bolt';
import {
  toSlackMessage,
  markupToMrkdwn,
  cutMrkdwn,
  splitMrkdwn,
  slackLimitProblems,
  SLACK_LIMITS,
  SHARE_ACTION_ID,
  BUTTON_ACTION_RE,
} from '../../../src/platforms/slack/render.js';
import { runCommand, runAction } from '../../../src/core/dispatch.js';
import type { CommandContext } from '../../../src/core/command.js';
import { helpReply } from '../../../src/core/help.js';
import { errorReply, escapeMarkup, type Reply } from '../../../src/replies/reply.js';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { renderEvent } from '../../../commands/event.js';
import { createRegistry } from '../../../commands/index.js';
import { PERIODS } from '../../../commands/recap.js';
import { expectSlackSafe, mrkdwnTexts, unsafeSequences } from './limits.js';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type ActionsBlock = types.ActionsBlock;
type ContextBlock = types.ContextBlock;
type HeaderBlock = types.HeaderBlock;

const loaded = loadTimelineFile('data/events.json');
if (!loaded.ok) throw new Error(loaded.error.message);
const timeline = loaded.timeline;
const registry = createRegistry();
const ctx: CommandContext = {
  timeline,
  now: new Date('2026-11-25T12:00:00Z'),
  platform: 'slack',
  user: { id: 'U0ASKER', canManage: false },
  guildId: 'T0TEST',
  channelId: 'C0GENERAL',
  services: {},
};

/** Render both ways a command answer is sent (ephemeral with Share, and the shared in-channel copy) and check both. */
function check(reply: Reply, what: string) {
  const eph = toSlackMessage(reply, { responseType: 'ephemeral', share: 'c:latest' });
  expectSlackSafe(eph, `${what} (ephemeral)`);
  const shared = toSlackMessage(reply, { responseType: 'in_channel', sharedBy: 'U0ASKER', withoutButtons: true });
  expectSlackSafe(shared, `${what} (shared)`, { allowUser: 'U0ASKER' });
  return eph;
}

const sections = (blocks: KnownBlock[]) => blocks.filter((b): b is SectionBlock => b.type === 'section');
const actions = (blocks: KnownBlock[]) => blocks.find((b): b is ActionsBlock => b.type === 'actions');
const allText = (blocks: KnownBlock[]) => mrkdwnTexts({ blocks }).join('\n');

describe('toSlackMessage on the real event log', () => {
  it('GIVEN every event of data/events.json WHEN rendered with renderEvent THEN each message is inside every Block Kit limit, links its main source and keeps every source', () => {
    expect(timeline.events.length).toBeGreaterThan(0);
    for (const e of timeline.events) {
      const msg = check(renderEvent(e, timeline), `event ${e.id}`);
      const first = msg.blocks[0] as SectionBlock;
      expect(first.type).toBe('section');
      expect(first.text!.text).toContain(`<${e.sources[0].url.replace(/&/g, '&amp;')}|`);
      const text = allText(msg.blocks);
      for (const s of e.sources) expect(text, `${e.id} source ${s.url}`).toContain(s.url.replace(/&/g, '&amp;'));
    }
  });

  it('GIVEN every figure of the log WHEN asked with figure (by id and by label) THEN each answer is inside every limit', async () => {
    expect(timeline.figures.length).toBeGreaterThan(0);
    for (const rec of timeline.figures) {
      for (const query of [rec.figure.id, rec.figure.label]) {
        const reply = await runCommand(registry, { name: 'figure', args: { query } }, ctx);
        check(reply, `figure ${query}`);
      }
    }
  });

  it('GIVEN each read subcommand with its widest options, help and error replies THEN each message is inside every limit with fallback text set', async () => {
    const requests: { name: string; args: Record<string, unknown> }[] = [
      { name: 'latest', args: {} },
      { name: 'latest', args: { count: 10 } },
      { name: 'timeline', args: {} },
      { name: 'about', args: {} },
      { name: 'ask', args: { question: 'How much did the tariffs cost Honda?' } },
      { name: 'ask', args: { question: 'Why did the merger talks collapse?' } },
      { name: 'ask', args: { question: 'What is the weather on Mars? <!channel> @here' } },
      { name: 'event', args: { id: 'no such event <@U123> @everyone' } },
      { name: 'figure', args: { query: 'honda tariff' } },
      ...PERIODS.map((p) => ({ name: 'recap', args: { period: p.value } })),
      { name: 'recap', args: { from: '2024', to: '2026' } },
      ...timeline.topics.map((topic) => ({ name: 'timeline', args: { topic } })),
      { name: 'nope', args: {} },
    ];
    for (const req of requests) check(await runCommand(registry, req, ctx), `${req.name} ${JSON.stringify(req.args)}`);
    check(helpReply(registry, 'slack'), 'help');
    check(errorReply('x'.repeat(5000)), 'long error');
  });

  it('GIVEN the timeline WHEN every page is opened through its Previous button THEN every page is inside the limits and the button carries the page state in its value', async () => {
    let reply = await runCommand(registry, { name: 'timeline', args: {} }, ctx);
    const pages = reply.data?.pages as number;
    const seen = new Set<unknown>();
    for (let i = 0; i < 50; i++) {
      const msg = check(reply, `timeline page ${JSON.stringify(reply.data?.page)}`);
      seen.add(reply.data?.page);
      const prev = actions(msg.blocks)?.elements.find((e) => e.type === 'button' && /Previous/.test(e.text.text));
      if (!prev || prev.type !== 'button') break;
      expect(prev.action_id).toMatch(BUTTON_ACTION_RE);
      expect(prev.value).toMatch(/^tl:\d+\|/);
      reply = await runAction(registry, prev.value!, ctx);
    }
    expect(seen.size).toBe(pages);
  });
});

describe('toSlackMessage on synthetic replies', () => {
  const link = (i: number) => `[Source number ${i} with a long label](https://example.com/a/very/long/path/${i}?q=${'x'.repeat(40)}&r=1)`;
  const huge: Reply = {
    title: `A very long title ${'T'.repeat(400)}`,
    body: Array.from({ length: 300 }, (_, i) => `**Line ${i}** _italic_ \`code\` ${link(i)}`).join('\n'),
    fields: Array.from({ length: 80 }, (_, i) => ({ name: `Field ${i} ${'N'.repeat(300)}`, value: Array.from({ length: 40 }, (_, j) => `• ${link(j)}`).join('\n'), inline: i % 2 === 0 })),
    footer: 'F'.repeat(5000),
    tone: 'reported',
    buttons: [
      ...Array.from({ length: 40 }, (_, i) => ({ action: `act:${i}`, label: `Button ${i} ${'L'.repeat(100)}` })),
      { action: 'x'.repeat(2001), label: 'value too long' },
    ],
  };

  it('GIVEN a reply far over every limit WHEN rendered THEN every Block Kit limit holds, the cut is announced, and no link is cut in half', () => {
    const msg = toSlackMessage(huge, { share: 'c:latest' });
    expectSlackSafe(msg, 'huge');
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const header = msg.blocks[0] as HeaderBlock;
    expect(header.type).toBe('header');
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    const context = msg.blocks.find((b): b is ContextBlock => b.type === 'context')!;
    expect(JSON.stringify(context)).toMatch(/more parts? of this answer did not fit/);
    const act = actions(msg.blocks)!;
    expect(act.elements.length).toBeLessThanOrEqual(25);
    expect(act.elements.at(-1)).toMatchObject({ action_id: SHARE_ACTION_ID });
    expect(new Set(act.elements.map((e) => (e as { action_id: string }).action_id)).size).toBe(act.elements.length);
  });

  it('GIVEN the core markup THEN it becomes Slack mrkdwn: **b** → *b*, [l](u) → <u|l>, code and italics kept, & < > escaped outside links', () => {
    expect(markupToMrkdwn('**21 May 2025** · [Honda & Nissan <talks>](https://ex.com/a?b=1&c=2) · _official_ · `id-1`')).toBe(
      '*21 May 2025* · <https://ex.com/a?b=1&amp;c=2|Honda &amp; Nissan &lt;talks&gt;> · _official_ · `id-1`',
    );
    expect(markupToMrkdwn('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(markupToMrkdwn('`a<b>`')).toBe('`a&lt;b&gt;`');
    expect(markupToMrkdwn('[a|b](https://x.example/p|q)')).toBe('<https://x.example/p%7Cq|a¦b>');
    expect(markupToMrkdwn('• one\n• two')).toBe('• one\n• two');
  });

  it('GIVEN user text escaped by the core (escapeMarkup) THEN Slack shows it literally: no link, no bold, no mention can be formed', () => {
    const evil = '<!channel> <!here> <!everyone> <@U0123|bob> <#C0123> <!subteam^S0123> <!date^1392734382^{date}|x> @channel @here @everyone **bold** [click](https://evil.example) &amp;';
    const out = markupToMrkdwn(escapeMarkup(evil));
    expect(unsafeSequences(out)).toEqual([]);
    expect(out).not.toMatch(/<https:\/\/evil/);
    expect(out).toContain('**bold**'); // the asterisks are shown as typed, not turned into *bold*
    // Even unescaped (curated) text cannot form a special sequence.
    expect(unsafeSequences(markupToMrkdwn(evil))).toEqual([]);
  });

  it('GIVEN a channel link <#C…> (as digest replies write it) THEN it stays a channel link; the same typed by a user (escaped) does not', () => {
    expect(markupToMrkdwn('<#C0123ABC> will get a digest')).toBe('<#C0123ABC> will get a digest');
    expect(markupToMrkdwn('<#C0123ABC|general> x')).toBe('<#C0123ABC> x');
    expect(markupToMrkdwn(escapeMarkup('<#C0123ABC>'))).not.toContain('<#');
    expect(markupToMrkdwn('<#C0123ABC foo>')).toBe('&lt;#C0123ABC foo&gt;');
  });

  it('GIVEN a reply whose text carries mentions THEN the whole message, fallback included, has no special sequence and every mrkdwn text is verbatim', () => {
    const msg = toSlackMessage({ title: '<!channel> @here title', body: '<@U123> hi @everyone', fields: [{ name: '<!here>', value: '<#C1>', inline: true }], footer: '<!subteam^S1>' });
    expectSlackSafe(msg, 'mentions');
    for (const b of msg.blocks) {
      if (b.type === 'section') {
        if (b.text) expect(b.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
        for (const f of b.fields ?? []) expect(f).toMatchObject({ verbatim: true });
      }
    }
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '<!channel> @here title', emoji: true } });
  });

  it('GIVEN buttons THEN disabled ones are left out (Slack has no disabled buttons), values carry the action, action_ids are unique, primary style kept', () => {
    const msg = toSlackMessage({
      title: 't',
      buttons: [
        { action: 'tl:1||||', label: '◀ Previous', disabled: true },
        { action: 'tl:3||||', label: 'Next ▶', style: 'primary' },
        { action: 'tl:4||||', label: 'Other', style: 'secondary' },
      ],
    });
    expect(actions(msg.blocks)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'nh:btn:0', text: { type: 'plain_text', text: 'Next ▶', emoji: true }, value: 'tl:3||||', style: 'primary' },
        { type: 'button', action_id: 'nh:btn:1', text: { type: 'plain_text', text: 'Other', emoji: true }, value: 'tl:4||||' },
      ],
    });
    expect(actions(toSlackMessage({ title: 't', buttons: [{ action: 'a', label: 'x', disabled: true }] }).blocks)).toBeUndefined();
  });

  it('GIVEN a share value THEN ephemeral non-error answers get a Share in channel button; errors, ephemeral-only replies and in_channel messages do not', () => {
    const share = (r: Reply, responseType?: 'ephemeral' | 'in_channel') =>
      actions(toSlackMessage(r, { share: 'c:figure honda tariff', responseType }).blocks)?.elements.find((e) => (e as { action_id: string }).action_id === SHARE_ACTION_ID);
    expect(share({ title: 'ok' }, 'ephemeral')).toMatchObject({ value: 'c:figure honda tariff', text: { text: 'Share in channel' } });
    expect(share(errorReply('no'), 'ephemeral')).toBeUndefined();
    expect(share({ title: 'help', ephemeral: true }, 'ephemeral')).toBeUndefined();
    expect(share({ title: 'ok' }, 'in_channel')).toBeUndefined();
    expect(actions(toSlackMessage({ title: 'ok' }, { share: 'c:' + 'x'.repeat(2000) }).blocks)).toBeUndefined();
  });

  it('GIVEN a shared copy THEN it says who shared it and has no buttons', () => {
    const msg = toSlackMessage({ title: 't', body: 'b', footer: 'f', buttons: [{ action: 'tl:1', label: 'Next' }] }, { responseType: 'in_channel', sharedBy: 'U0ASKER', withoutButtons: true });
    expect(msg.response_type).toBe('in_channel');
    expect(actions(msg.blocks)).toBeUndefined();
    expect(JSON.stringify(msg.blocks.at(-1))).toContain('Shared by <@U0ASKER>');
    // a malformed id is never turned into a mention
    expect(JSON.stringify(toSlackMessage({ title: 't' }, { sharedBy: '<!channel>' }).blocks)).not.toContain('Shared by');
  });

  it('GIVEN inline fields THEN consecutive ones share one section (≤ 10 per section); others are their own sections', () => {
    const msg = toSlackMessage({
      title: 't',
      fields: [
        ...Array.from({ length: 12 }, (_, i) => ({ name: `n${i}`, value: `v${i}`, inline: true })),
        { name: 'wide', value: '**x**' },
      ],
    });
    const s = sections(msg.blocks);
    expect(s[0].fields).toHaveLength(10);
    expect(s[1].fields).toHaveLength(2);
    expect(s[2].text!.text).toBe('*wide*\n*x*');
  });

  it('GIVEN links in a title or a field name THEN only their labels are shown there', () => {
    const msg = toSlackMessage({ title: 'Tariffs: [Honda](https://honda.example) **cut**', fields: [{ name: '[Reuters](https://r.example) report', value: '[source](https://r.example/1)' }] });
    expect((msg.blocks[0] as HeaderBlock).text.text).toBe('Tariffs: Honda cut');
    expect(sections(msg.blocks)[0].text!.text).toBe('*Reuters report*\n<https://r.example/1|source>');
  });

  it('GIVEN a title with a url THEN it is a bold link section; an error title gets a warning sign', () => {
    expect(toSlackMessage({ title: 'Deal & more', url: 'https://ex.example/a?b&c' }).blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*<https://ex.example/a?b&amp;c|Deal &amp; more>*', verbatim: true },
    });
    expect((toSlackMessage(errorReply('nope', 'Event not found')).blocks[0] as HeaderBlock).text.text).toBe(':warning: Event not found');
  });

  it('GIVEN any reply, even an empty one THEN fallback text is set and the message is valid', () => {
    for (const r of [{}, { body: '' }, { fields: [{ name: 'a', value: 'b' }] }, { title: '   ' }] as Reply[]) {
      const msg = toSlackMessage(r);
      expect(msg.text.length).toBeGreaterThan(0);
      expect(slackLimitProblems(msg)).toEqual([]);
    }
    expect(toSlackMessage({ title: '**T**', body: 'b' }).text).toBe('*T*\nb');
  });

  it('GIVEN long mrkdwn THEN splitMrkdwn keeps everything in ≤ max chunks without cutting a link, and cutMrkdwn never leaves half a link or entity', () => {
    const text = markupToMrkdwn(Array.from({ length: 100 }, (_, i) => link(i)).join(' '));
    const chunks = splitMrkdwn(text, 3000);
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    expect(chunks.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    for (const c of chunks) expect(unsafeSequences(c)).toEqual([]);
    const cut = cutMrkdwn('see <https://example.com/long/path|Reuters> now', 20);
    expect(cut).toBe('see…');
    expect(cutMrkdwn('a &amp; b', 5)).toBe('a…');
    expect(cutMrkdwn('short', 10)).toBe('short');
  });
});
