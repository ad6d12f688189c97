/**
 * Forms on Slack: a Reply's modal opened with views.open (from a button's trigger_id), and its view_submission
 * routed back to the command through the same dispatcher. Fields with choices are menus (static_select, or
 * multi_static_select when several may be picked). An accepted form becomes its answer in the same modal, buttons
 * included ("Add a figure" after a draft); a button there replaces the modal in place (views.update), so the
 * draft → figure → another figure chain never grows Slack's stack of three views.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Reply, ReplyModal } from '../../replies/reply.js';
import { markupToText } from '../../replies/plain-text.js';
import { log } from '../../logger.js';
import { toSlackMessage } from './render.js';

export const FORM_CALLBACK_ID = 'nh:form';
const VALUE = 'v';

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: text.length <= max ? text : `${text.slice(0, max - 1)}…` });
const option = (v: string) => ({ text: plain(v, 75), value: v.slice(0, 150) });

/** The view for views.open. private_metadata carries the action id (≤ 3000 chars). */
export function toSlackView(modal: ReplyModal): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: modal.action,
    title: plain(modal.title, 24),
    submit: plain(modal.submitLabel ?? 'Submit', 24),
    close: plain('Cancel', 24),
    blocks: modal.fields.map((f) => {
      let element: Record<string, unknown>;
      if (f.choices && f.multiple) {
        const initial = (f.value ?? '').split(',').map((s) => s.trim()).filter((s) => f.choices!.includes(s));
        element = { type: 'multi_static_select', action_id: VALUE, options: f.choices.slice(0, 100).map(option), ...(initial.length ? { initial_options: initial.map(option) } : {}) };
      } else if (f.choices) {
        element = { type: 'static_select', action_id: VALUE, options: f.choices.slice(0, 100).map(option), ...(f.value && f.choices.includes(f.value) ? { initial_option: option(f.value) } : {}) };
      } else {
        element = {
          type: 'plain_text_input',
          action_id: VALUE,
          multiline: f.style === 'paragraph',
          ...(f.maxLength ? { max_length: Math.min(3000, f.maxLength) } : {}),
          ...(f.value ? { initial_value: f.value.slice(0, Math.min(3000, f.maxLength ?? 3000)) } : {}),
          ...(f.placeholder ? { placeholder: plain(f.placeholder, 150) } : {}),
        };
      }
      return { type: 'input', block_id: f.id, label: plain(f.label, 2000), optional: !f.required, element };
    }),
  };
}

type StateValue = { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] };

/** Values by field id from a view_submission's state. */
export function valuesFromView(state: { values?: Record<string, Record<string, StateValue>> } | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [block, actions] of Object.entries(state?.values ?? {})) {
    const v = actions[VALUE];
    if (!v) continue;
    if (v.selected_options) out[block] = v.selected_options.map((o) => o.value).join(', ');
    else if (v.selected_option) out[block] = v.selected_option.value;
    else if (typeof v.value === 'string') out[block] = v.value;
  }
  return out;
}

/** A reply shown as a modal (no submit): its blocks as in a message, with its buttons; never a Share button. */
export function replyView(reply: Reply): Record<string, unknown> {
  return { type: 'modal', title: plain(markupToText(reply.title ?? 'Done'), 24), close: plain('Close', 24), blocks: toSlackMessage(reply).blocks };
}

const apiError = (err: unknown) => (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;

/** Open a form from a message's button (views.open), or put it in place of the modal the button sits in (views.update). */
export async function openForm(client: WebClient, triggerId: string | undefined, modal: ReplyModal, inViewId?: string): Promise<boolean> {
  if (inViewId) return showInView(client, inViewId, toSlackView(modal));
  if (!triggerId) return false;
  try {
    await client.views.open({ trigger_id: triggerId, view: toSlackView(modal) as never });
    return true;
  } catch (err) {
    log.warn('slack: views.open failed', { error: apiError(err) });
    return false;
  }
}

/** Replace an open modal's content (a button inside a modal has no response_url to answer through). */
export async function showInView(client: WebClient, viewId: string, view: Record<string, unknown>): Promise<boolean> {
  try {
    await client.views.update({ view_id: viewId, view: view as never });
    return true;
  } catch (err) {
    log.warn('slack: views.update failed', { error: apiError(err) });
    return false;
  }
}

/** The block an error belongs under: the first field the message names (`value: …`, `→ figures[1].period: …`), else the first. */
export function errorBlock(text: string, blockIds: string[]): string | undefined {
  let best: { id: string; at: number } | undefined;
  for (const id of blockIds) {
    const at = text.search(new RegExp(`(^|[\\s→(.])${id.replace(/[^\w-]/g, '')}:`));
    if (at >= 0 && (!best || at < best.at)) best = { id, at };
  }
  return best?.id ?? blockIds[0];
}

export interface Submitter {
  userId: string;
  userName?: string;
  teamId?: string;
}

/**
 * Register the view_submission listener. A refused submission keeps the form open with the reason under the field
 * it names (else the first); an accepted one replaces the form with the answer and its buttons.
 */
export function registerForms(app: App, submit: (action: string, values: Record<string, string>, who: Submitter) => Promise<Reply>): void {
  app.view(FORM_CALLBACK_ID, async ({ ack, body, view }) => {
    let reply: Reply;
    try {
      const who: Submitter = { userId: body.user.id, userName: body.user.name, teamId: body.team?.id ?? body.user.team_id };
      reply = await submit(view.private_metadata, valuesFromView(view.state as never), who);
    } catch (err) {
      log.error('slack: form submission failed', { error: (err as Error)?.stack ?? String(err) });
      reply = { title: 'Something went wrong', body: 'Something went wrong on our side. Please try again in a moment.', tone: 'error' };
    }
    const text = [reply.title, reply.body].filter(Boolean).map((s) => markupToText(String(s))).join('\n\n');
    const block = errorBlock(text, (view.blocks as { block_id?: string }[]).flatMap((b) => (b.block_id ? [b.block_id] : [])));
    if (reply.tone === 'error' && block) {
      await ack({ response_action: 'errors', errors: { [block]: text.slice(0, 1500) } });
      return;
    }
    await ack({ response_action: 'update', view: replyView(reply) as never });
  });
}
