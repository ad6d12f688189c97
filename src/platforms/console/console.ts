/**
 * The local console: type `/nissan-honda latest`, `figure honda tariff`, `next`, `help`, `quit`.
 * When stdin is not a terminal it reads commands line by line, prints each answer and exits at end of input.
 */
import { toLocale } from '../../i18n/catalogue.js';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runAction, runCommand, type Registry } from '../../core/dispatch.js';
import { parseTextCommand } from '../../core/text-command.js';
import { helpReply } from '../../core/help.js';
import { helpTexts } from '../../i18n/help.js';
import { renderText } from '../../replies/plain-text.js';
import { errorReply, type Reply } from '../../replies/reply.js';
import type { CommandContext, Services } from '../../core/command.js';
import type { TimelineStore } from '../../timeline/store.js';
import { saveImage } from './images.js';

export interface ConsoleOptions {
  store: TimelineStore;
  registry: Registry;
  services?: Services;
  input?: Readable;
  output?: Writable;
  interactive?: boolean;
  now?: () => Date;
  /** Where reply images are written (default var/charts, or CHARTS_DIR). */
  chartsDir?: string;
}

export class ConsoleSession {
  #last: Reply | undefined;
  constructor(private readonly opts: ConsoleOptions) {}

  private ctx(): CommandContext {
    return {
      timeline: this.opts.store.current,
      now: this.opts.now?.() ?? new Date(),
      platform: 'console',
      user: { id: 'console', name: 'console', canManage: true },
      channelId: 'console',
      ...(toLocale(process.env.LOCALE) ? { locale: toLocale(process.env.LOCALE) } : {}),
      services: { store: this.opts.store, ...this.opts.services },
    };
  }

  /** Handle one typed line; returns the text to print ('' for nothing). */
  async handle(line: string): Promise<string> {
    const text = line.trim();
    if (!text || text.startsWith('#')) return '';
    const word = text.toLowerCase();
    const ctx = this.ctx();
    let reply: Reply;
    if (['next', 'n', 'previous', 'prev', 'p'].includes(word)) {
      const wantNext = word.startsWith('n');
      // (labels in any language carry the arrow: "Next ▶", "次へ ▶")
      const button = this.#last?.buttons?.find((b) => (wantNext ? /next|▶/i.test(b.label) : /prev|◀/i.test(b.label)));
      if (!button) reply = errorReply('There is no page to turn here. Run `/nissan-honda timeline` first.');
      else if (button.disabled) reply = errorReply(wantNext ? 'This is the last page.' : 'This is the first page.');
      else reply = await runAction(this.opts.registry, button.action, ctx);
    } else if (/^press\s+\S+/.test(text)) {
      reply = await runAction(this.opts.registry, text.replace(/^press\s+/, '').replace(/^"|"$/g, ''), ctx);
    } else {
      const t = this.opts.registry.texts(ctx);
      const parsed = parseTextCommand(text, this.opts.registry, ctx.timeline, t);
      if (parsed.kind === 'empty' || parsed.kind === 'help') reply = helpReply(this.opts.registry, 'console', helpTexts(ctx.locale));
      else if (parsed.kind === 'error') reply = errorReply(parsed.message, t.errorTitle);
      else reply = await runCommand(this.opts.registry, parsed.request, ctx);
    }
    if (reply.buttons?.length) this.#last = reply;
    return reply.image ? `${renderText(reply)}\n${saveImage(reply.image, this.opts.chartsDir)}` : renderText(reply);
  }

  async run(): Promise<void> {
    const input = this.opts.input ?? process.stdin;
    const output = this.opts.output ?? process.stdout;
    const interactive = this.opts.interactive ?? Boolean((input as NodeJS.ReadStream).isTTY);
    const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    const write = (s: string) => output.write(s.endsWith('\n') ? s : s + '\n');
    // the reader went away (`npm start | head`): stop quietly, as command-line tools do
    let closed = false;
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closed = true;
      rl.close();
    };
    output.on('error', onError);
    if (interactive) {
      const tl = this.opts.store.current;
      write(`/nissan-honda local console — ${tl.size} events, newest ${tl.newestEvent?.date ?? 'none'}.`);
      write('Type `/nissan-honda latest`, `figure honda tariff`, `ask why did the merger talks collapse?`, `help`, or `quit`.');
      rl.setPrompt('nissan-honda> ');
      rl.prompt();
    }
    for await (const line of rl) {
      if (closed || /^(quit|exit|\.exit)$/i.test(line.trim())) break;
      const out = await this.handle(line);
      if (closed) break;
      if (out) write(out + (interactive ? '' : '\n'));
      if (interactive) rl.prompt();
    }
    // The handler stays: writes still queued when the reader goes away fail after the loop has ended.
    rl.close();
  }
}
