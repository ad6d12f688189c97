/** Every /nissan-honda subcommand. A new subcommand is one file here plus one line below; it appears on every platform. */
import { Registry } from '../src/core/dispatch.js';
import type { Subcommand } from '../src/core/command.js';
import { latest } from './latest.js';
import { timelineCommand } from './timeline.js';
import { event } from './event.js';
import { figure } from './figure.js';
import { ask } from './ask.js';
import { recap } from './recap.js';
import { about } from './about.js';
import { report } from './report.js';

export const readCommands: Subcommand[] = [latest, timelineCommand, event, figure, ask, recap, about, report];

/** The registry of read commands; digest commands are added by createRegistry(extra). */
export function createRegistry(extra: Subcommand[] = []): Registry {
  return new Registry([...readCommands, ...extra]);
}
