/**
 * Catalogue completeness: every message of every English word set has a Japanese one of the same shape (a string
 * for a string, a function for a function), no Japanese message is empty, and no fixed Japanese string is English.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/i18n/catalogue.js';
import { EN_DISPATCH } from '../../src/core/dispatch-texts.js';
import { JA_DISPATCH } from '../../src/i18n/dispatch.js';
import { EN_DIGEST, JA_DIGEST } from '../../src/digests/words.js';
import { EN_DIGEST_COMMAND, JA_DIGEST_COMMAND } from '../../commands/digest-words.js';
import { EN_CURATE, JA_CURATE } from '../../commands/curate-words.js';
import { EN_HELP } from '../../src/core/help.js';
import { JA_HELP } from '../../src/i18n/help.js';

/** Paths where `ja` lacks a key of `en`, or has a different kind of value there. */
function gaps(en: unknown, ja: unknown, path = ''): string[] {
  if (typeof en === 'function') return typeof ja === 'function' ? [] : [`${path}: not a function`];
  if (typeof en === 'string') return typeof ja === 'string' && ja.length ? [] : [`${path}: missing or empty`];
  if (en && typeof en === 'object') {
    if (!ja || typeof ja !== 'object') return [`${path}: missing`];
    return Object.keys(en).flatMap((k) => gaps((en as Record<string, unknown>)[k], (ja as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [];
}

const SETS = {
  catalogue: [CATALOGUE.en, CATALOGUE.ja],
  dispatch: [EN_DISPATCH, JA_DISPATCH],
  digest: [EN_DIGEST, JA_DIGEST],
  'digest command': [EN_DIGEST_COMMAND, JA_DIGEST_COMMAND],
  curate: [EN_CURATE, JA_CURATE],
  help: [EN_HELP, JA_HELP],
} as const;

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('GIVEN every word set with English and Japanese', () => {
  it.each(Object.entries(SETS))('WHEN %s is compared key by key THEN Japanese has every key, of the same kind', (_name, [en, ja]) => {
    expect(gaps(en, ja)).toEqual([]);
  });

  it('WHEN the Japanese catalogue’s fixed strings are read THEN each is written in Japanese (or is a symbol, a name or a code)', () => {
    const strings: [string, string][] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'string') strings.push([path, v]);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    for (const [name, [, ja]] of Object.entries(SETS)) walk(ja, name);
    const english = strings.filter(([, s]) => !JAPANESE.test(s) && /[a-z]{4,}\s+[a-z]{3,}/i.test(s));
    expect(english).toEqual([]);
  });
});
