/**
 * "Which Thailand plant is Nissan closing?": a question asking to identify a plant is answered only by an event that
 * names one ("its Civac (Cuernavaca) plant"); an event saying "three plants, one of them in Thailand" matches every
 * word and still does not say which. Pure.
 */
import type { EventDoc } from './index-types.js';
import { foldText } from './text.js';

const WHICH_PLANT = /\b(?:which|what) (?:\w+ )?(?:plants?|factor(?:y|ies)|sites?)\b/;
/** A plant named in the text: capitalised words (and a place in brackets) right before "plant" / "factory" / "works". */
const NAMED_PLANT = /\b([A-Z][a-z]+)(?:[ -][A-Z][a-z]+)*,?(?: \([^)]*\))? (?:plants?|factor(?:y|ies)|works|site)\b/g;
/** Capitalised words that start a phrase rather than name a plant. */
const NOT_A_NAME = new Set(['The', 'Its', 'Their', 'This', 'That', 'These', 'Those', 'A', 'An', 'Each', 'Every', 'Both', 'One', 'Two', 'Three', 'Four', 'Five', 'Some', 'Other', 'New']);

/** The question asks which plant, and the event names none. */
export function plantUnnamed(question: string, d: EventDoc): boolean {
  if (!WHICH_PLANT.test(foldText(question))) return false;
  const text = `${d.event.title}. ${d.event.summary}`;
  for (const m of text.matchAll(NAMED_PLANT)) if (!NOT_A_NAME.has(m[1])) return false;
  return true;
}
