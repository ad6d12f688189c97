/**
 * A best event that matches every word of the question but not the specific thing it asks for. "Which Thailand plant is
 * Nissan closing?" is answered only by an event that names a plant ("its Civac (Cuernavaca) plant"), not by "three
 * plants, one of them in Thailand"; the posts and people are read in people.ts (postUnstated). Pure.
 */
import type { EventDoc } from './index-types.js';
import type { AnswerIndex } from './search-index.js';
import type { Understanding } from './understand.js';
import { postUnstated } from './people.js';
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

/** Why the best event does not answer what the question specifically asks, as a decline's reason and text. */
export function unstatedSpecific(index: AnswerIndex, u: Understanding, d: EventDoc): { reason: string; text: string } | undefined {
  if (u.kind !== 'when' && plantUnnamed(u.question, d)) return { reason: 'unnamed-plant', text: 'The log does not name which plant: the events that match do not name one.' };
  const post = postUnstated(index, u, d);
  if (post === 'undated') return { reason: 'undated-post', text: 'The log does not date when that post changed hands: the events that match name its holder, not the change.' };
  if (post === 'unnamed') return { reason: 'no-person', text: 'The log does not name who that was: the events that match name no one in that place.' };
  return undefined;
}
