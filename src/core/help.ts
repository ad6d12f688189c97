import { preconditionLabel, type Registry } from './dispatch.js';
import { COMMAND_NAME } from './command.js';
import type { Reply } from '../replies/reply.js';
import type { Subcommand } from './command.js';

/** The words of a help reply; a locale supplies its own (src/i18n/help.ts) — the core names no locale. */
export interface HelpTexts {
  title(command: string): string;
  description(c: Subcommand): string;
  /** A precondition's label ("admins") as shown after the line. */
  restricted(label: string): string;
  tips: string;
  consoleTips: string;
}

export const EN_HELP: HelpTexts = {
  title: (command) => `/${command} — commands`,
  description: (c) => c.description,
  restricted: (label) => ` _(${label})_`,
  tips: `\n\nOptions can be given as \`name:value\` (e.g. \`timeline topic:tariffs from:2025-04\`) or just as words (\`figure honda tariff\`, \`recap 30d\`). Anything that is not a subcommand is asked as a question.`,
  consoleTips: ' Type `next` / `previous` to page a timeline, `quit` to leave.',
};

/** A help reply listing every subcommand and its options, generated from the registry. */
export function helpReply(registry: Registry, platform: 'console' | 'slack' | 'discord' = 'console', texts: HelpTexts = EN_HELP): Reply {
  const lines = registry.commands.map((c) => {
    const opts = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
    const label = preconditionLabel(c);
    return `• \`/${COMMAND_NAME} ${c.group ? c.group + ' ' : ''}${c.name}${opts ? ' ' + opts : ''}\` — ${texts.description(c)}${label ? texts.restricted(label) : ''}`;
  });
  const tips =
    platform === 'discord'
      ? ''
      : texts.tips + (platform === 'console' ? texts.consoleTips : '');
  return { title: texts.title(COMMAND_NAME), body: lines.join('\n') + tips, tone: 'info', ephemeral: true };
}
