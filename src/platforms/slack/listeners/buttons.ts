/**
 * Reply buttons (timeline paging, the queue, Add a figure): the action id is the button's value; a good answer
 * replaces the page in place. A button inside a modal (a form's answer) has no response_url: its answer, or the
 * form it opens, takes the modal's place.
 */
import type { App } from '@slack/bolt';
import { errorReply } from '../../../replies/reply.js';
import { log } from '../../../logger.js';
import { BUTTON_ACTION_RE, toSlackMessage } from '../render.js';
import { ackQuietly, askerOf, type Answering } from '../answering.js';
import { openForm, replyView, showInView } from '../modals.js';
import { uploadReplyImage } from '../files.js';

export function register(app: App, kit: Answering): void {
  app.action(BUTTON_ACTION_RE, async ({ ack, body, action, respond }) => {
    await ackQuietly(ack);
    try {
      const value = action && 'value' in action && typeof action.value === 'string' ? action.value : '';
      const who = askerOf(body);
      if (!value || !who) {
        const t = await kit.words(who?.userId);
        await kit.send(respond, toSlackMessage(errorReply(t.staleButton, t.errorTitle), { responseType: 'ephemeral' }), 'button');
        return;
      }
      const answer = await kit.answerAction(value, who);
      const inView = (body as { view?: { id?: string } }).view?.id;
      if (inView && !answer.reply.modal) {
        await showInView(app.client, inView, replyView(answer.reply));
        return;
      }
      const reply = await uploadReplyImage(app.client, answer.reply, who);
      const share = answer.reply.image ? undefined : answer.share;
      if (reply.modal) {
        if (await openForm(app.client, (body as { trigger_id?: string }).trigger_id, reply.modal, inView)) return;
        const t = await kit.words(who.userId);
        await kit.send(respond, { ...toSlackMessage(errorReply(t.formNotOpened, t.errorTitle), { responseType: 'ephemeral' }), replace_original: false }, 'form');
        return;
      }
      if (reply.tone === 'error') {
        // Keep the page the user was looking at; say what went wrong beside it.
        await kit.send(respond, { ...toSlackMessage(reply, { responseType: 'ephemeral' }), replace_original: false }, 'button-error');
      } else {
        await kit.send(respond, { ...toSlackMessage(reply, { responseType: 'ephemeral', share }), replace_original: true }, 'button');
      }
    } catch (err) {
      log.error('slack: button failed', { error: (err as Error)?.stack ?? String(err) });
    }
  });
}
