/** Question understanding and answering from the event log. Pure: no chat-platform imports. */
export { answerQuestion, answerUnderstood, type Answer } from './answer.js';
export { describeSeries } from './wording.js';
export { disagreements } from './series.js';
export { THRESHOLDS } from './weights.js';
export { findFigures, type FigureSearch } from './figures.js';
export { figureChoices, eventChoices, figureChoiceName, eventChoiceName, autocompleteWork, prepareAutocomplete } from './autocomplete.js';
export { understand, type Understanding, type QuestionKind } from './understand.js';
export { readPeriods, figurePeriod, fiscalYear, type Period } from './periods.js';
export { baselineSearch } from './baseline.js';
export { indexOf, indexBuilds, prepareIndex } from './search-index.js';
