/** Checks shared by the Slack tests: Block Kit limits plus "no mention can be formed" for every text. */
import { expect } from 'vitest';
import type { types } from '@slack/bolt';
import { slackLimitProblems, type SlackMessage } from '../../../src/platforms/slack/render.js';

type KnownBlock = types.KnownBlock;

/** Every mrkdwn text in a message (fallback text included; header plain_text is not parsed by Slack). */
export function mrkdwnTexts(msg: { text?: string; blocks?: unknown[] }): string[] {
  const out: string[] = msg.text ? [msg.text] : [];
  for (const b of (msg.blocks ?? []) as KnownBlock[]) {
    if (b.type === 'section') {
      if (b.text) out.push(b.text.text);
      for (const f of b.fields ?? []) out.push(f.text);
    }
    if (b.type === 'context') for (const e of b.elements) if ('text' in e && typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

/**
 * Problems with Slack's angle-bracket syntax in one mrkdwn text: every `<…>` must be a link
 * `<http(s)://…|label>`, a channel link `<#C…>` (or the sharer's own `<@U…>` when allowed), no stray `<`/`>`, and no bare
 * broadcast word.
 */
export function unsafeSequences(text: string, opts: { allowUser?: string } = {}): string[] {
  const problems: string[] = [];
  const rest = text.replace(/<([^<>]*)>/g, (whole, inner: string) => {
    if (/^https?:\/\/[^\s|<>]+\|[^<>|]+$/.test(inner)) return '';
    if (/^#[A-Za-z0-9]{2,40}$/.test(inner)) return ''; // a channel link notifies nobody
    if (opts.allowUser && inner === `@${opts.allowUser}`) return '';
    problems.push(`special sequence ${whole}`);
    return '';
  });
  if (/[<>]/.test(rest)) problems.push(`stray angle bracket in ${JSON.stringify(rest.slice(0, 80))}`);
  if (/@(channel|here|everyone)\b/i.test(text)) problems.push('bare broadcast word');
  if (/&(?!amp;|lt;|gt;)/.test(text)) problems.push('unescaped &');
  return problems;
}

export function expectSlackSafe(msg: SlackMessage, what: string, opts: { allowUser?: string } = {}): void {
  expect(slackLimitProblems(msg), `${what}: limits`).toEqual([]);
  expect(msg.text.trim().length, `${what}: fallback text`).toBeGreaterThan(0);
  for (const t of mrkdwnTexts(msg)) expect(unsafeSequences(t, opts), `${what}: ${t.slice(0, 60)}`).toEqual([]);
}
