/** Any other block action (an old message from an earlier version, a forged id): ack so Slack shows no error, and say so privately. */
import type { App } from '@slack/bolt';
import { errorReply } from '../../../replies/reply.js';
import { log } from '../../../logger.js';
import { toSlackMessage } from '../render.js';
import { ackQuietly, type Answering } from '../answering.js';

export function register(app: App, kit: Answering): void {
  app.action({ action_id: /^(?!nh:btn:\d+$|nh:share$)/ }, async ({ ack, respond, action }) => {
    await ackQuietly(ack);
    log.debug('slack: unknown action', { action: (action as { action_id?: string })?.action_id?.slice(0, 80) });
    await kit.send(respond, { ...toSlackMessage(errorReply('This button is no longer recognised. Please run the command again.'), { responseType: 'ephemeral' }), replace_original: false }, 'unknown-action');
  });
}
