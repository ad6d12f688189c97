/**
 * Forms on Discord: a Reply's modal as an interaction callback of type 9 (MODAL), and a modal submission's
 * (interaction type 5) values back by field id. Each field is a Label (component 18) holding a text input, or — for a
 * field with ≤ 25 choices — a string select (one pick, or several when `multiple`). Discord modals hold ≤ 5 fields.
 */
import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { ModalField, ReplyModal } from '../../replies/reply.js';

const LABEL = 18;
const TEXT_INPUT = 4;
const STRING_SELECT = 3;
const SHORT = 1;
const PARAGRAPH = 2;
export const CALLBACK_MODAL = 9;

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

function input(f: ModalField): Record<string, unknown> {
  if (f.choices && f.choices.length <= 25) {
    const picked = new Set((f.value ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    return {
      type: STRING_SELECT,
      custom_id: f.id,
      required: f.required ?? false,
      min_values: f.required ? 1 : 0,
      max_values: f.multiple ? f.choices.length : 1,
      options: f.choices.map((c) => ({ label: cut(c, 100), value: c.slice(0, 100), ...(picked.has(c) ? { default: true } : {}) })),
    };
  }
  const max = Math.min(4000, f.maxLength ?? 4000);
  const hint = f.choices ? `${f.multiple ? 'comma-separated: ' : 'one of: '}${f.choices.join(', ')}` : f.placeholder;
  return {
    type: TEXT_INPUT,
    custom_id: f.id,
    style: f.style === 'paragraph' ? PARAGRAPH : SHORT,
    required: f.required ?? false,
    max_length: max,
    ...(f.value ? { value: f.value.slice(0, max) } : {}),
    ...(hint ? { placeholder: cut(hint, 100) } : {}),
  };
}

export function toDiscordModal(modal: ReplyModal): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modal.action.slice(0, 100),
    title: cut(modal.title, 45),
    components: modal.fields.slice(0, 5).map((f) => ({ type: LABEL, label: cut(f.label, 45), component: input(f) })),
  } as unknown as APIModalInteractionResponseCallbackData;
}

interface SubmittedComponent {
  type?: number;
  custom_id?: string;
  value?: unknown;
  values?: unknown;
  components?: readonly SubmittedComponent[];
  component?: SubmittedComponent;
}

/** The values of a modal submission (labels or action rows of inputs; a select's picks comma-separated). */
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
