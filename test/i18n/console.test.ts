/** The console with LOCALE=ja: typed-command errors in Japanese, and `next` / `previous` turn pages whose buttons are Japanese. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleSession } from '../../src/platforms/console/console.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { commandRegistry } from '../../commands/index.js';
import { fixtureLog } from '../helpers/fixture.js';

function session(): ConsoleSession {
  const dir = mkdtempSync(join(tmpdir(), 'nh-console-ja-'));
  writeFileSync(join(dir, 'events.json'), JSON.stringify(fixtureLog(15)));
  return new ConsoleSession({ store: TimelineStore.open(join(dir, 'events.json')), registry: commandRegistry() });
}

afterEach(() => vi.unstubAllEnvs());

describe('GIVEN the console with LOCALE=ja', () => {
  it('WHEN a timeline is shown THEN `previous` turns its Japanese page', async () => {
    vi.stubEnv('LOCALE', 'ja');
    const s = session();
    expect(await s.handle('/nissan-honda timeline')).toMatch(/3 \/ 3ページ/);
    expect(await s.handle('previous')).toMatch(/2 \/ 3ページ/);
  });

  it('WHEN a subcommand or an option is mistyped, or a group given alone THEN the errors are Japanese with the suggestion', async () => {
    vi.stubEnv('LOCALE', 'ja');
    const s = session();
    expect(await s.handle('/nissan-honda lastest')).toContain('「lastest」というサブコマンドはありません。/nissan-honda latest のことですか？');
    expect(await s.handle('/nissan-honda timeline compnay:nissan')).toContain('「compnay」は /nissan-honda timeline のオプションではありません。company: のことですか？');
    expect(await s.handle('/nissan-honda digest')).toContain('/nissan-honda digest にはサブコマンドが必要です');
  });

  it('WHEN LOCALE is unset THEN the same mistakes get the English errors', async () => {
    const s = session();
    expect(await s.handle('/nissan-honda lastest')).toContain('"lastest" is not a subcommand. Did you mean /nissan-honda latest?');
  });
});
