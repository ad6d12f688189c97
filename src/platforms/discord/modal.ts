/**
 * Forms on Discord: a Reply's modal as an interaction callback of type 9 (MODAL), and a modal submission's
 * (interaction type 5) text inputs back as values by field id. Discord modals hold ≤ 5 text inputs; a field with
 * choices is a text box whose placeholder names them (the core checks the value on submit).
 */
import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { ReplyModal } from '../../replies/reply.js';

const ACTION_ROW = 1;
const TEXT_INPUT = 4;
const SHORT = 1;
const PARAGRAPH = 2;
export const CALLBACK_MODAL = 9;

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function toDiscordModal(modal: ReplyModal): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modal.action.slice(0, 100),
    title: cut(modal.title, 45),
    components: modal.fields.slice(0, 5).map((f) => {
      const max = Math.min(4000, f.maxLength ?? 4000);
      const hint = f.choices ? `${f.multiple ? 'comma-separated: ' : 'one of: '}${f.choices.join(', ')}` : f.placeholder;
      return {
        type: ACTION_ROW,
        components: [
          {
            type: TEXT_INPUT,
            custom_id: f.id,
            label: cut(f.label, 45),
            style: f.style === 'paragraph' ? PARAGRAPH : SHORT,
            required: f.required ?? false,
            max_length: max,
            ...(f.value ? { value: f.value.slice(0, max) } : {}),
            ...(hint ? { placeholder: cut(hint, 100) } : {}),
          },
        ],
      };
    }),
  } as APIModalInteractionResponseCallbackData;
}

interface SubmittedComponent {
  type?: number;
  custom_id?: string;
  value?: unknown;
  values?: unknown;
  components?: readonly SubmittedComponent[];
  component?: SubmittedComponent;
}

/** The values of a modal submission (raw API `data.components`: rows, or labels, of inputs). */
export function valuesFromModalSubmit(components: readonly SubmittedComponent[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (c: SubmittedComponent | undefined) => {
    if (!c) return;
    if (typeof c.custom_id === 'string' && typeof c.value === 'string') out[c.custom_id] = c.value;
    else if (typeof c.custom_id === 'string' && Array.isArray(c.values)) out[c.custom_id] = c.values.map(String).join(', ');
    for (const x of c.components ?? []) visit(x);
    visit(c.component);
  };
  for (const c of components ?? []) visit(c);
  return out;
}
