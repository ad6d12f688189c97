/** Any other block action (an old message from an earlier version, a forged id): ack so Slack shows no error, and say so privately. */
import type { App } from '@slack/bolt';
import { errorReply } from '../../../replies/reply.js';
import { log } from '../../../logger.js';
import { toSlackMessage } from '../render.js';
import { ackQuietly, askerOf, type Answering } from '../answering.js';

export function register(app: App, kit: Answering): void {
  app.action({ action_id: /^(?!nh:btn:\d+$|nh:share$)/ }, async ({ ack, respond, action, body }) => {
    await ackQuietly(ack);
    log.debug('slack: unknown action', { action: (action as { action_id?: string })?.action_id?.slice(0, 80) });
    const t = await kit.words(askerOf(body)?.userId);
    await kit.send(respond, { ...toSlackMessage(errorReply(t.staleButton, t.errorTitle), { responseType: 'ephemeral' }), replace_original: false }, 'unknown-action');
  });
}
