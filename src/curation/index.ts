/** Keeping the log current: feeds → candidates → curators → the log. Pure core: no chat-platform imports. */
export { CurationService, CurationError, type CurationOptions } from './service.js';
export { type Refusal, refusalText } from './errors.js';
export type { CurationStore, Candidate, Report, CandidateStatus, ReportStatus, PollRecord } from './store.js';
export { SqliteCurationStore } from './sqlite-store.js';
export { loadFeeds, FeedsConfigError, DEFAULT_FEEDS_PATH, type FeedDef } from './feeds.js';
export { LogChangeRefused } from './log-file.js';
export type { FigureInput } from './figure-form.js';
export { canonicalUrl } from './urls.js';
export { relevance } from './relevance.js';
export type { PollResult, FeedResult } from './poll.js';
