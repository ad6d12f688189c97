/** `/nissan-honda <text>`: ack, then answer privately through response_url (errors too). */
import type { App } from '@slack/bolt';
import { errorReply } from '../../../replies/reply.js';
import { log } from '../../../logger.js';
import { toSlackMessage } from '../render.js';
import { uploadReplyImage } from '../files.js';
import { ackQuietly, decodeSlackText, type Answering, type Asker } from '../answering.js';

export function register(app: App, kit: Answering, commandName: string): void {
  app.command(commandName, async ({ command, ack, respond }) => {
    await ackQuietly(ack);
    // Let the acknowledgement leave before answering: a first `figure`/`ask` builds its search index
    // synchronously, and Slack allows 3 s for the ack.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const who: Asker = { userId: command.user_id, userName: command.user_name, teamId: command.team_id, channelId: command.channel_id };
      const text = decodeSlackText(typeof command.text === 'string' ? command.text : '');
      const started = Date.now();
      const answer = await kit.answerText(text, who);
      // a picture goes to the conversation itself; the private answer says so (and offers no second copy)
      const reply = await uploadReplyImage(app.client, answer.reply, who);
      const share = answer.reply.image ? undefined : answer.share;
      await kit.send(respond, toSlackMessage(reply, { responseType: 'ephemeral', share }), 'command');
      log.debug('slack: answered', { ms: Date.now() - started, user: who.userId });
    } catch (err) {
      log.error('slack: command failed', { error: (err as Error)?.stack ?? String(err) });
      const t = await kit.words(command.user_id);
      await kit.send(respond, toSlackMessage(errorReply(t.platformFailed, t.errorTitle), { responseType: 'ephemeral' }), 'command-error');
    }
  });
}
