import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadTimelineFile } from '../../src/timeline/store.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import { curationCommands } from '../../commands/curate.js';
import { commandDefinition, validateDefinition } from '../../src/platforms/discord/definition.js';
import { localisationProblems, localiseDefinition } from '../../src/i18n/discord.js';

const loaded = loadTimelineFile(resolve(import.meta.dirname, '../../data/events.json'));
if (!loaded.ok) throw new Error(loaded.error.message);
const def = commandDefinition(createRegistry([...digestCommands, ...curationCommands]), loaded.timeline);

describe('localiseDefinition', () => {
  it('GIVEN every subcommand, group, option and choice of commands/index.ts and the digest and curate commands THEN each carries ja within Discord limits', () => {
    expect(localisationProblems(def)).toEqual([]);
    expect(validateDefinition(def)).toEqual([]);
  });

  it('GIVEN the deployed definition THEN ask is 質問 and a topic choice has its Japanese name', () => {
    const ask = def.options?.find((o) => o.name === 'ask') as { name_localizations?: Record<string, string>; description_localizations?: Record<string, string> };
    expect(ask.name_localizations?.ja).toBe('質問');
    expect(ask.description_localizations?.ja?.length).toBeGreaterThan(0);
    const timeline = def.options?.find((o) => o.name === 'timeline') as { options: { name: string; choices?: { value: string; name_localizations?: Record<string, string> }[] }[] };
    const tariffs = timeline.options.find((o) => o.name === 'topic')?.choices?.find((c) => c.value === 'tariffs');
    expect(tariffs?.name_localizations?.ja).toBe('関税');
  });

  it('GIVEN a subcommand the catalogue does not know THEN it is reported as lacking ja', () => {
    const bare = localiseDefinition({ name: 'nissan-honda', description: 'x', options: [{ type: 1, name: 'brand-new', description: 'y' }] });
    expect(localisationProblems(bare)).toEqual(['/nissan-honda brand-new: no ja name', '/nissan-honda brand-new: no ja description']);
  });
});
