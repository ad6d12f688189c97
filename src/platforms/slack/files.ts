/**
 * A reply's image on Slack: an ephemeral answer cannot carry a file, so the image is uploaded with
 * files.uploadV2 to the conversation the command came from, and the ephemeral answer says where it
 * went — or, when the upload was refused, why and what to do.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../replies/reply.js';
import { log } from '../../logger.js';
import { errorCode } from './web-api.js';

type WebClient = webApi.WebClient;

/** What a refused upload means for the user, by Slack's error code. */
const WHY: Record<string, string> = {
  not_in_channel: 'the app is not a member of this conversation. Invite it (for example `/invite @nissan-honda`) and run the command again',
  channel_not_found: 'the app cannot see this conversation (a private channel or a direct message it was not added to)',
  missing_scope: 'the app lacks the `files:write` permission; ask a workspace admin to reinstall it with that scope',
  not_allowed_token_type: 'the app’s token cannot upload files',
  restricted_action: 'this workspace does not allow the app to post files here',
};

/**
 * Upload `reply.image` into `channelId` and return the reply to send privately: without the image,
 * with a line saying where the picture is (or why it could not be posted). Never throws.
 */
export async function uploadReplyImage(client: WebClient, reply: Reply, where: { channelId?: string }): Promise<Reply> {
  const image = reply.image;
  if (!image) return reply;
  const { image: _drop, ...rest } = reply;
  const note = (line: string): Reply => ({ ...rest, body: [rest.body, line].filter(Boolean).join('\n\n') });
  if (!where.channelId) return note('_The picture could not be posted: this request came from no conversation._');
  try {
    await client.filesUploadV2({
      channel_id: where.channelId,
      file: Buffer.from(image.data),
      filename: image.name,
      title: (reply.title ?? image.name).slice(0, 250),
      alt_text: image.alt,
    });
    return note(`The chart is posted in <#${where.channelId}>.`);
  } catch (err) {
    const code = errorCode(err);
    log.warn('slack: chart upload failed', { channel: where.channelId, error: code });
    const why = WHY[code] ?? `Slack refused the upload (${code})`;
    return note(`_The chart could not be posted here: ${why}._`);
  }
}
