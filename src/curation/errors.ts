/**
 * A request curation cannot carry out. `refusal` says which, with its particulars, so that a reply can word it in
 * the asker's language; the message is its English wording, shown as is on the command line.
 */
export type Refusal =
  | { kind: 'no-candidate'; id: number }
  | { kind: 'already-reviewed'; id: number; status: string; by?: string; at?: string }
  | { kind: 'no-event'; id: string }
  | { kind: 'report-no-event'; id: string }
  | { kind: 'bad-source-url' }
  | { kind: 'report-limit'; count: number }
  | { kind: 'no-report'; id: number }
  | { kind: 'report-resolved'; id: number; status: string; by?: string; at?: string }
  | { kind: 'not-an-event' }
  | { kind: 'checks-failed'; found: string };

/** The English wording of a refusal. */
export function refusalText(r: Refusal): string {
  switch (r.kind) {
    case 'no-candidate':
      return `There is no candidate #${r.id}. \`curate list\` shows them.`;
    case 'already-reviewed':
      return `Candidate #${r.id} was already ${r.status}${r.by ? ` by ${r.by}` : ''}${r.at ? ` at ${r.at}` : ''}.`;
    case 'no-event':
      return `There is no event \`${r.id}\` in the log.`;
    case 'report-no-event':
      return `There is no event \`${r.id}\` in the log; pick one from the list as you type.`;
    case 'bad-source-url':
      return 'The source must be a full http(s) link, e.g. https://example.com/article.';
    case 'report-limit':
      return `You have sent ${r.count} reports in the last 24 hours; the curators will read them before taking more from you. Thank you for your patience.`;
    case 'no-report':
      return `There is no report #${r.id}.`;
    case 'report-resolved':
      return `Report #${r.id} was already resolved (${r.status}) by ${r.by} at ${r.at}.`;
    case 'not-an-event':
      return 'The draft must be one event: a JSON object with id, date, title, summary, status, companies, topics and sources.';
    case 'checks-failed':
      return `Nothing was changed: the log’s checks found:\n${r.found}`;
  }
}

export class CurationError extends Error {
  readonly refusal?: Refusal;
  constructor(what: string | Refusal) {
    super(typeof what === 'string' ? what : refusalText(what));
    if (typeof what !== 'string') this.refusal = what;
  }
}
