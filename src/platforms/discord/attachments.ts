/**
 * A reply's image for raw REST posts (the HTTP-interactions endpoint): the message JSON names the
 * attachment and its alt text, the bytes go beside it as multipart (`files` of @discordjs/rest).
 * The embed already points at `attachment://<name>` (render.ts).
 */
import type { RawFile } from 'discord.js';
import type { Reply } from '../../replies/reply.js';
import { imageFile, type DiscordApiMessageBody } from './render.js';

export function withImage<T extends Omit<DiscordApiMessageBody, 'flags'>>(body: T, reply: Reply): { body: T & { attachments?: unknown[] }; files?: RawFile[] } {
  const file = imageFile(reply);
  if (!file) return { body };
  return {
    body: { ...body, attachments: [{ id: 0, filename: file.name, description: file.description }] },
    files: [{ name: file.name, data: file.data, contentType: 'image/png' }],
  };
}
