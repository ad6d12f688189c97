/**
 * "Share in channel": re-run the command (or button) named in the value and post the fresh answer in_channel, so
 * nothing the client sends back is shown as-is. Only read commands may be shared.
 */
import type { App } from '@slack/bolt';
import type { Subcommand } from '../../../core/command.js';
import { parseTextCommand } from '../../../core/text-command.js';
import { errorReply, type Reply } from '../../../replies/reply.js';
import { log } from '../../../logger.js';
import { SHARE_ACTION_ID, toSlackMessage } from '../render.js';
import { ackQuietly, askerOf, shareable, type Answering } from '../answering.js';

export function register(app: App, kit: Answering): void {
  app.action(SHARE_ACTION_ID, async ({ ack, body, action, respond }) => {
    await ackQuietly(ack);
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const value = action && 'value' in action && typeof action.value === 'string' ? action.value : '';
      const who = askerOf(body);
      let result: { reply: Reply; command?: Subcommand } | undefined;
      if (who && value.startsWith('c:')) {
        const parsed = parseTextCommand(value.slice(2), kit.registry, kit.store.current);
        const cmd = parsed.kind === 'command' ? kit.registry.find(parsed.request.group, parsed.request.name) : undefined;
        if (shareable(cmd)) result = await kit.answerText(value.slice(2), who);
      } else if (who && value.startsWith('a:')) {
        const hit = kit.registry.findAction(value.slice(2));
        if (shareable(hit?.command)) result = await kit.answerAction(value.slice(2), who);
      }
      if (!result) {
        await kit.send(respond, { ...toSlackMessage(errorReply('This answer can no longer be shared. Please run the command again.'), { responseType: 'ephemeral' }), replace_original: false }, 'share');
        return;
      }
      if (result.reply.tone === 'error' || result.reply.ephemeral) {
        await kit.send(respond, { ...toSlackMessage({ ...result.reply, ephemeral: true }, { responseType: 'ephemeral' }), replace_original: false }, 'share-error');
        return;
      }
      const shared = toSlackMessage(result.reply, { responseType: 'in_channel', sharedBy: who!.userId, withoutButtons: true });
      if (await kit.send(respond, { ...shared, replace_original: false }, 'share')) {
        // The private copy has served its purpose.
        await kit.send(respond, { text: 'Shared in the channel.', blocks: [], delete_original: true }, 'share-delete');
      }
    } catch (err) {
      log.error('slack: share failed', { error: (err as Error)?.stack ?? String(err) });
    }
  });
}
