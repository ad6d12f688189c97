/**
 * The event log's shape, validated with zod. This file is the single source of truth:
 * `data/events.schema.json` (for editors) is generated from it by `npm run check-data -- --write-schema`.
 * Pure: imports nothing from any chat platform.
 */
import { z } from 'zod';

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the precision is carried, never sharpened. */
export const PartialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((s) => s.length < 10 || !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real calendar date');

export const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case slug (a-z, 0-9, -)').max(100);

export const TOPICS = [
  'merger-talks',
  'pickup-deal',
  'ev-software',
  'tariffs',
  'trade-policy',
  'plants',
  'restructuring',
  'earnings',
  'leadership',
] as const;
export const Topic = z.enum(TOPICS);

export const Status = z.enum(['official', 'reported']);

/**
 * How close a source is to whoever made the statement, best first: `primary` (the company, a filing, a government),
 * `wire` (Reuters, Kyodo, Jiji, AP, AFP, Bloomberg, Nikkei and copies of their stories), `press` (other named outlets),
 * `relay` (aggregators, blogs, rewritten copies). See docs/curating.md.
 */
export const TIERS = ['primary', 'wire', 'press', 'relay'] as const;
export const Tier = z.enum(TIERS);

export const Source = z.object({
  publisher: z.string().min(1),
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  date: PartialDate,
  /** Optional for the schema (drafts, test logs); `npm run check-data` requires it on the curated log. */
  tier: Tier.optional(),
});

export const SCALES = ['thousand', 'million', 'billion', 'trillion'] as const;

export const Figure = z.object({
  /** Stable kebab-case id, unique across the whole log. */
  id: Slug,
  /** Human label, e.g. "Honda tariff impact on operating profit". */
  label: z.string().min(1).max(200),
  /** The number exactly as the source states it (negative for losses only when the source words it so). */
  value: z.number(),
  /** Upper bound when the source gives a range ("¥700–750 billion" → value 700, valueHigh 750). */
  valueHigh: z.number().optional(),
  /** Hedge words the source uses: "about 50%", "up to ¥450 billion", "more than ¥3 trillion". */
  qualifier: z.enum(['about', 'more than', 'up to', 'at least', 'just under', 'over', 'nearly']).optional(),
  /** JPY, USD, percent, vehicles, units, jobs, plants, years, employees, yen-per-usd, … */
  unit: z.string().min(1),
  scale: z.enum(SCALES).optional(),
  /** The period the figure refers to, in words: "FY ending Mar 2026", "Apr–Jun 2025", "2024". */
  period: z.string().min(1),
  /** Company the figure is about (one of the event's companies, or "—" for sector-wide figures). */
  company: z.string().min(1),
  /** Machine key of what is measured, e.g. "tariff-impact-operating-profit". Same metric+company+period across events = revision or disagreement. */
  metric: Slug,
  /** When the figure was stated (announcement or publication date). */
  asOf: PartialDate,
  /** Is it a forecast/estimate, an actual, or a target? */
  kind: z.enum(['actual', 'forecast', 'estimate', 'target', 'other']).optional(),
  /** URL of the event source that states the figure (must be one of the event's sources). */
  source: z.url(),
  /** official = the company/government said it; reported = media citing sources or secondary relays. Defaults to the event's status. */
  status: Status.optional(),
  /** Anything a reader must know: scope, low confidence, rounding by other outlets. */
  note: z.string().optional(),
});

export const Event = z.object({
  id: Slug,
  date: PartialDate,
  /** A note on the date when sources differ or the day is unknown. */
  dateNote: z.string().optional(),
  title: z.string().min(1).max(256),
  summary: z.string().min(1).max(1500),
  status: Status,
  statusNote: z.string().optional(),
  companies: z.array(z.string().min(1)).min(1),
  topics: z.array(Topic).min(1),
  /** Date the event entered the log (YYYY-MM-DD). Digests treat events by when they were curated, not only by date. */
  curated: PartialDate.optional(),
  figures: z.array(Figure).default([]),
  sources: z.array(Source).min(1),
});

export const EventLog = z.object({
  $schema: z.string().optional(),
  events: z.array(Event),
});

export type PartialDate = z.infer<typeof PartialDate>;
export type Topic = z.infer<typeof Topic>;
export type Status = z.infer<typeof Status>;
export type Tier = z.infer<typeof Tier>;
export type Source = z.infer<typeof Source>;
export type Figure = z.infer<typeof Figure>;
export type Event = z.infer<typeof Event>;
export type EventLog = z.infer<typeof EventLog>;
