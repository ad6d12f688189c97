/** Forms (Draft event, Attach, Add a figure): a view_submission goes through the same dispatcher and precondition. */
import type { App } from '@slack/bolt';
import { registerForms } from '../modals.js';
import type { Answering } from '../answering.js';

export function register(app: App, kit: Answering): void {
  registerForms(app, (action, values, who) => kit.answerSubmit(action, values, who));
}
