/**
 * Who holds a stake in whom. "Nissan's stake in Renault" is not "Renault's stake in Nissan", though both name the two
 * companies and a stake: a figure whose label holds the stake the other way round never answers the question.
 */
import { COMPANIES } from './lexicon.js';
import { foldText } from './text.js';

const NAME = `(${COMPANIES.flatMap((c) => c.aliases).sort((a, b) => b.length - a.length).map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
const KEY = new Map(COMPANIES.flatMap((c) => c.aliases.map((a) => [a, c.key] as const)));

/** [holder, held] wordings: "X's stake in Y", "X stake in Y", "how much of Y does X own", "X owns … of Y", "X's holding in Y". */
const HOLDER_FIRST = [
  new RegExp(`\\b${NAME}(?:'s|s')?\\s+(?:\\d+(?:\\.\\d+)?\\s?%\\s+)?(?:equity\\s+)?(?:stake|holding|shareholding|share|ownership)\\s+(?:\\w+\\s+){0,2}?in\\s+${NAME}\\b`),
  new RegExp(`\\b${NAME}\\s+(?:owns?|owned|holds?|held)\\s+(?:\\w+\\s+){0,4}?(?:of|in)\\s+${NAME}\\b`),
];
const HELD_FIRST = [new RegExp(`\\bhow much of\\s+${NAME}\\s+(?:does|did|do)\\s+${NAME}\\s+(?:own|hold)\\b`), new RegExp(`\\b${NAME}(?:'s|s')?\\s+(?:stake|shares?)\\s+(?:held\\s+)?by\\s+${NAME}\\b`)];

/** The holder and the held company a text names, when it says who holds a stake in whom. */
export function ownershipOf(text: string): { holder: string; held: string } | undefined {
  const f = foldText(text);
  for (const re of HOLDER_FIRST) {
    const m = re.exec(f);
    if (m) return { holder: KEY.get(m[1])!, held: KEY.get(m[2])! };
  }
  for (const re of HELD_FIRST) {
    const m = re.exec(f);
    if (m) return { holder: KEY.get(m[2])!, held: KEY.get(m[1])! };
  }
  return undefined;
}

const STAKE = /\b(stake|holding|shareholding|ownership)\b/i;

/** Whether a figure's label holds the stake the way the question asks (always, when either does not say). */
export function ownershipAgrees(asked: { holder: string; held: string } | undefined, label: string): boolean {
  if (!asked) return true;
  const stated = ownershipOf(label);
  // (a stake in something else — a plant — is not the stake asked about)
  if (!stated) return !STAKE.test(label);
  return stated.holder === asked.holder && stated.held === asked.held;
}
