/**
 * Discord localisation of the /nissan-honda definition: adds `name_localizations` and `description_localizations`
 * (ja) to the command and every subcommand group, subcommand and option, and `name_localizations` to every choice,
 * from the catalogue (src/i18n/ja/commands.ts). Pure: maps plain API JSON to plain API JSON.
 */
import { JA_COMMANDS, type CommandTexts, type NamedText } from './ja/commands.js';

/** Discord's name rule (the same as src/platforms/discord/definition.ts), lowercase required. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type Json = Record<string, unknown> & { name: string; description?: string; type?: number; options?: Json[]; choices?: Json[] };

const SUBCOMMAND = 1;
const GROUP = 2;

function named<T extends Json>(o: T, text: NamedText | undefined): T {
  if (!text) return o;
  return { ...o, name_localizations: { ...(o.name_localizations as object), ja: text.name }, description_localizations: { ...(o.description_localizations as object), ja: text.description } };
}

function localiseOptions(options: Json[] | undefined, texts: Record<string, NamedText> | undefined, catalogue: CommandTexts): Json[] | undefined {
  return options?.map((o) => {
    const out = named(o, texts?.[o.name]);
    if (!o.choices) return out;
    return {
      ...out,
      choices: o.choices.map((c) => {
        const ja = catalogue.choices[String(c.value)];
        return ja ? { ...c, name_localizations: { ...(c.name_localizations as object), ja } } : c;
      }),
    };
  });
}

/** The definition with Japanese names and descriptions wherever the catalogue has them (the English stays the default). */
export function localiseDefinition<T extends { name: string; description: string; options?: readonly unknown[] }>(def: T, catalogue: CommandTexts = JA_COMMANDS): T {
  const options = (def.options as Json[] | undefined)?.map((o) => {
    if (o.type === GROUP) {
      return { ...named(o, catalogue.groups[o.name]), options: o.options?.map((s) => { const t = catalogue.sub[`${o.name} ${s.name}`]; return { ...named(s, t), ...(s.options ? { options: localiseOptions(s.options, t?.options, catalogue) } : {}) }; }) };
    }
    if (o.type === SUBCOMMAND) {
      const t = catalogue.sub[o.name];
      return { ...named(o, t), ...(o.options ? { options: localiseOptions(o.options, t?.options, catalogue) } : {}) };
    }
    return o;
  });
  return { ...named(def as unknown as Json, catalogue.command), ...(options ? { options } : {}) } as unknown as T;
}

/**
 * Every place of a (localised) definition that lacks a `ja` text or breaks Discord's limits for it: one line each.
 * Used by the tests so that a subcommand, option or choice added without Japanese is noticed.
 */
export function localisationProblems(def: { name: string; description: string; options?: readonly unknown[] }): string[] {
  const problems: string[] = [];
  const walk = (o: Json, where: string, withDescription: boolean) => {
    const names = o.name_localizations as Record<string, string> | undefined;
    const name = names?.ja;
    if (!name) problems.push(`${where}: no ja name`);
    else if (withDescription && (!NAME.test(name) || name !== name.toLowerCase())) problems.push(`${where}: ja name "${name}" breaks Discord's naming rule`);
    else if (!withDescription && name.length > 100) problems.push(`${where}: ja choice name longer than 100`);
    if (withDescription) {
      const d = (o.description_localizations as Record<string, string> | undefined)?.ja;
      if (!d) problems.push(`${where}: no ja description`);
      else if (d.length > 100) problems.push(`${where}: ja description has ${d.length} characters, the limit is 100`);
    }
    for (const c of o.choices ?? []) walk(c, `${where} choice ${String(c.value)}`, false);
    const seen = new Set<string>();
    for (const s of o.options ?? []) {
      const n = (s.name_localizations as Record<string, string> | undefined)?.ja;
      if (n && seen.has(n)) problems.push(`${where} ${s.name}: ja name "${n}" is used twice`);
      if (n) seen.add(n);
      walk(s, `${where} ${s.name}`, true);
    }
  };
  walk(def as unknown as Json, `/${def.name}`, true);
  return problems;
}
