/** Every /nissan-honda subcommand. A new subcommand is one file here plus one line below; it appears on every platform. */
import { Registry } from '../src/core/dispatch.js';
import type { Subcommand } from '../src/core/command.js';
import { dispatchTexts } from '../src/i18n/dispatch.js';
import { latest } from './latest.js';
import { timelineCommand } from './timeline.js';
import { event } from './event.js';
import { figure } from './figure.js';
import { ask } from './ask.js';
import { recap } from './recap.js';
import { about } from './about.js';
import { report } from './report.js';
import { digestCommands } from './digest.js';
import { curationCommands } from './curate.js';
import { chart } from './chart.js';

export const readCommands: Subcommand[] = [latest, timelineCommand, event, figure, chart, ask, recap, about, report];

/** The complete list — the read commands, the admin-only digest group and the curators' commands — that the bot serves and deploys. */
export const allCommands: Subcommand[] = [...readCommands, ...digestCommands, ...curationCommands];

/** The registry the bot, `deploy-commands` and the bench use: every subcommand. */
export function commandRegistry(): Registry {
  return new Registry(allCommands, dispatchTexts);
}

/** The read commands plus `extra` (tests register their own commands next to the read ones). */
export function createRegistry(extra: Subcommand[] = []): Registry {
  return new Registry([...readCommands, ...extra], dispatchTexts);
}
