/** A request curation cannot carry out; the message says why, politely, and is shown as is. */
export class CurationError extends Error {}
