/** Charts of figures from the log: what to draw (model), how (svg), and as PNG (render). Pure of chat platforms. */
export { chartSpec, pickSeries, NotInLog, type ChartSpec, type ChartKind, type ChartPanel, type ChartSeries, type ChartPoint } from './model.js';
export { chartSvg, THEMES, WIDTH, HEIGHT, type Theme } from './svg.js';
export { chartFor, renderSpec, clearChartCache, altText, type ChartImage, type ChartRequest } from './render.js';
