import { preconditionLabel, type Registry } from './dispatch.js';
import { COMMAND_NAME } from './command.js';
import type { Reply } from '../replies/reply.js';

/** A help reply listing every subcommand and its options, generated from the registry. */
export function helpReply(registry: Registry, platform: 'console' | 'slack' | 'discord' = 'console'): Reply {
  const lines = registry.commands.map((c) => {
    const opts = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
    return `• \`/${COMMAND_NAME} ${c.group ? c.group + ' ' : ''}${c.name}${opts ? ' ' + opts : ''}\` — ${c.description}${preconditionLabel(c) ? ` _(${preconditionLabel(c)})_` : ''}`;
  });
  const tips =
    platform === 'discord'
      ? ''
      : `\n\nOptions can be given as \`name:value\` (e.g. \`timeline topic:tariffs from:2025-04\`) or just as words (\`figure honda tariff\`, \`recap 30d\`). Anything that is not a subcommand is asked as a question.` +
        (platform === 'console' ? ' Type `next` / `previous` to page a timeline, `quit` to leave.' : '');
  return { title: `/${COMMAND_NAME} — commands`, body: lines.join('\n') + tips, tone: 'info', ephemeral: true };
}
