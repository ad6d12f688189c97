/**
 * "Who is Nissan's CEO?", "who runs Honda?", "who chairs Foxconn?", "who replaced Uchida?", "who is Jun Seki?":
 * roles (CEO / president / chairman / chief …) mapped to the people the log names and their companies. Pure.
 *
 * The posts and their dates are in the lexicon (PEOPLE[].roles), written from the log; the answer always cites
 * an event of the log that names the person. A post the log names nobody for ("Mitsubishi Motors' CEO",
 * "Honda's CFO") is declined.
 */
import type { Event } from '../timeline/schema.js';
import { COMPANIES, PEOPLE, ROLE_BIT, type PersonDef, type RoleDef, type RoleKind } from './lexicon.js';
import { mi } from './periods.js';
import { eventWords, type AnswerIndex, type EventDoc } from './search-index.js';
import { foldText, stem } from './text.js';
import type { Understanding } from './understand.js';

export type AskedRole = RoleKind | 'other';

/** Role words, most specific first. `strong`: the word names exactly that post (no fallback to another post). */
const ROLE_WORDS: { re: RegExp; role: AskedRole; strong: boolean }[] = [
  { re: /\b(executive vice[\s-]presidents?|evp|vice[\s-]presidents?)\b/, role: 'evp', strong: true },
  { re: /\b(chief planning officer|planning chief|head of planning)\b/, role: 'planning', strong: true },
  { re: /\b(ev chief|ev boss|head of (?:its |the )?evs?|ev head|electric[\s-]vehicle chief)\b|\b(runs?|heads?|leads?|in charge of|chief of|boss of)\b.{0,30}\bevs? (business|unit|arm|division|operations)\b/, role: 'ev-chief', strong: true },
  { re: /\b(ceos?|chief executives?(?: officers?)?)\b/, role: 'ceo', strong: true },
  {
    re: /\b(cfo|coo|cto|cio|cmo|chief (?:financial|operating|technology|technical|information|marketing|legal|risk|strategy|sustainability|people|human resources|digital) officer|finance chief|finance director|treasurer|spokes(?:man|woman|person)|general counsel)\b/,
    role: 'other',
    strong: true,
  },
  { re: /\b(chair|chairs|chaired|chairman|chairwoman|chairperson|board chair)\b/, role: 'chair', strong: true },
  { re: /\b(president)\b/, role: 'ceo', strong: true },
  { re: /\b(boss|head|heads|headed|leader|leads|led|runs|run|running|in charge|at the helm|top executive|top exec|chief|helms)\b/, role: 'ceo', strong: false },
];

/** Canonical terms that only say "a post" (they are not content to match): ceo/chair/boss…, replace/succeed… */
const ROLE_TERMS = new Set(
  ['ceo', 'resign', 'executive', 'exec', 'vice', 'officer', 'board', 'planning', 'chief', 'former', 'ex', 'predecessor', 'incoming', 'person', 'people', 'name', 'who',
    'run', 'runs', 'running', 'lead', 'leads', 'head', 'heads', 'headed', 'helm', 'helms', 'top', 'charge', 'chair', 'chairs', 'chaired', 'business', 'unit', 'arm', 'division', 'ev']
    .map(stem),
);

/** "What job / role / post did X have", "what was X's position": the person's own post. */
const OWN_POST = /\bwhat (?:job|role|position|post|title)\b|\bwhat was \w+(?:'s)? (?:job|role|position|post|title)\b/;
/** "…before becoming / being / he became …": the post held before the last one. */
const OWN_BEFORE = /\bbefore (?:becoming|being|he became|she became|taking|he took|she took|his appointment|her appointment)\b/;
const RELATION_AFTER = /\b(replac\w*|succe\w*|took over from|take over from|after)\b/;
const RELATION_BEFORE = /\b(before|predecessor|preceded|prior to)\b|\b(did|does) \w+(?: \w+)? (replace|succeed|take over from)\b/;
const FORMER = /\b(former|previous|ex|old|formerly|earlier|used to)\b/;

export interface RoleAsk {
  role: AskedRole;
  strong: boolean;
  company?: string;
}

/** The post a question asks about, if any. */
export function askedRole(u: Understanding): RoleAsk | undefined {
  const f = foldText(u.question);
  for (const w of ROLE_WORDS) {
    if (w.re.test(f)) {
      const companies = u.named.filter((c) => !u.people.some((p) => p.company === c) || u.named.length === 1);
      return { role: w.role, strong: w.strong, company: companies.length === 1 ? companies[0] : undefined };
    }
  }
  return undefined;
}

export interface Holder {
  person: PersonDef;
  role: RoleDef;
}

function holders(role: AskedRole, company: string): Holder[] {
  if (role === 'other') return [];
  const out: Holder[] = [];
  for (const p of PEOPLE) for (const r of p.roles) if (r.role === role && r.company === company) out.push({ person: p, role: r });
  return out.sort((a, b) => (a.role.from ?? '').localeCompare(b.role.from ?? ''));
}

function holds(h: Holder, day: string): boolean {
  return (!h.role.from || h.role.from <= day) && (!h.role.until || day <= h.role.until);
}

function mentions(d: EventDoc, p: PersonDef): boolean {
  const w = eventWords(d);
  return w.title.includes(p.key) || w.summary.includes(p.key);
}

/** Events that name the person, in their post where the text says so: the anchor first, else nearest to `near`, else earliest. */
function eventsFor(index: AnswerIndex, h: Holder, near?: string): Event[] {
  const all = (index.post.people.get(h.person.key) ?? []).map((i) => index.events[i]);
  // the event that announces an appointment comes before the post begins
  const from = h.role.from ? shiftDays(h.role.from, -62) : '';
  const until = h.role.until;
  const inPost = all.filter((d) => (!from || d.event.date >= from) && (!until || d.event.date <= until) && index.post.roleText[d.i] & ROLE_BIT[h.role.role]);
  const pool = inPost.length ? inPost : all;
  let ordered: EventDoc[];
  if (near) {
    const distance = new Map(pool.map((d) => [d, dayDistance(d.event.date, near)]));
    ordered = [...pool].sort((a, b) => distance.get(a)! - distance.get(b)! || a.i - b.i);
  } else ordered = [...pool].sort((a, b) => a.i - b.i);
  return ordered.map((d) => d.event);
}

function shiftDays(day: string, n: number): string {
  return new Date(Date.parse(`${day.length === 7 ? `${day}-01` : day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}
function dayDistance(a: string, b: string): number {
  const t = (d: string) => Date.parse(`${d.length === 4 ? `${d}-07-01` : d.length === 7 ? `${d}-15` : d}T00:00:00Z`);
  return Math.abs(t(a) - t(b));
}

export type RoleAnswer =
  | { kind: 'person'; holder: Holder; events: Event[]; note?: string }
  | { kind: 'nobody'; role: AskedRole; company: string; others: Holder[] };

/**
 * Answer a who-question about a post or a person. `anchor` scores events for the question's other words
 * ("during the merger talks"): the post is read at the date of the best such event. Undefined: not a
 * question about a post or a person (the general event search answers it).
 */
export function answerRole(
  index: AnswerIndex,
  u: Understanding,
  now: Date,
  anchor: (terms: string[]) => EventDoc | undefined,
): RoleAnswer | undefined {
  if (u.kind !== 'who' || u.others.length) return undefined;
  const f = foldText(u.question);
  const personStems = new Set(u.people.map((p) => stem(p.key)));
  const rest = u.terms.filter((t) => !ROLE_TERMS.has(t) && !personStems.has(t) && !COMPANIES.some((c) => c.key === t));
  const asked = askedRole(u);

  // "what job did Espinosa have before becoming CEO?": the person's own earlier post, not their predecessor
  if (u.people.length === 1 && OWN_POST.test(f)) {
    const p = u.people[0];
    const earlier = OWN_BEFORE.test(f) && p.roles.length > 1 ? p.roles[p.roles.length - 2] : p.roles[p.roles.length - 1];
    const h = { person: p, role: earlier };
    const evs = eventsFor(index, h);
    return evs.length ? { kind: 'person', holder: h, events: evs.slice(0, 3) } : undefined;
  }
  // "who is Jun Seki?": the person, their post, and the first event that names them in it
  const relation = u.people.length === 1 && (RELATION_AFTER.test(f) || RELATION_BEFORE.test(f));
  if (!asked && u.people.length === 1 && !rest.length && !relation) {
    const p = u.people[0];
    const h = { person: p, role: p.roles[p.roles.length - 1] };
    const evs = eventsFor(index, h);
    return evs.length ? { kind: 'person', holder: h, events: evs.slice(0, 3) } : undefined;
  }
  if (!asked && !relation) return undefined;

  // "who replaced Uchida?", "who was CEO before Espinosa?": the next or previous holder of the named person's post
  // (no post named: the person's last)
  if (u.people.length === 1) {
    const p = u.people[0];
    const before = RELATION_BEFORE.test(f);
    const after = !before && RELATION_AFTER.test(f);
    if (!after && !before) return undefined;
    const post = (asked && p.roles.find((r) => asked.role === 'ceo' || asked.role === r.role)) || p.roles[p.roles.length - 1];
    const line = holders(post.role, post.company);
    const at = line.findIndex((h) => h.person === p && h.role === post);
    const next = line[at + (after ? 1 : -1)];
    if (at < 0 || !next) return undefined;
    const evs = eventsFor(index, next);
    const named = new Set((index.post.people.get(p.key) ?? []).map((i) => index.events[i].event));
    const both = evs.filter((e) => named.has(e));
    return evs.length ? { kind: 'person', holder: next, events: [...both, ...evs.filter((e) => !both.includes(e))].slice(0, 3) } : undefined;
  }
  if (u.people.length || !asked?.company) return undefined;

  let line = holders(asked.role, asked.company);
  // "who runs Foxconn?": a generic word for the top post falls back to the chair when the log names no chief executive
  if (!line.length && !asked.strong) line = holders('chair', asked.company);
  if (!line.length) return { kind: 'nobody', role: asked.role, company: asked.company, others: PEOPLE.flatMap((p) => p.roles.filter((r) => r.company === asked.company).map((r) => ({ person: p, role: r }))) };

  // when: the period named, else the event the other words describe, else now ("former": the one before)
  let day: string | undefined;
  let near: string | undefined;
  let anchorDoc: EventDoc | undefined;
  if (u.period) {
    const end = Math.min(u.period.end, mi(now.getUTCFullYear(), now.getUTCMonth() + 1));
    day = `${Math.floor(end / 12)}-${String((end % 12) + 1).padStart(2, '0')}-15`;
    near = day;
  } else if (rest.length) {
    anchorDoc = anchor(rest);
    if (!anchorDoc) return undefined;
    day = anchorDoc.event.date.length === 10 ? anchorDoc.event.date : `${anchorDoc.event.date}-15`;
    near = anchorDoc.event.date;
  } else {
    day = now.toISOString().slice(0, 10);
  }
  let idx = line.findIndex((h) => holds(h, day!));
  if (idx < 0) idx = line.length - 1;
  if (!u.period && !rest.length && FORMER.test(f) && idx > 0) idx -= 1;
  const h = line[idx];
  // the log must itself name the person in the post: the lexicon knowing it is not a source
  const stated = (index.post.people.get(h.person.key) ?? []).some((i) => index.post.roleText[i] & ROLE_BIT[h.role.role]);
  if (!stated) return { kind: 'nobody', role: asked.role, company: asked.company, others: [] };
  let evs = eventsFor(index, h, near);
  if (anchorDoc && mentions(anchorDoc, h.person)) evs = [anchorDoc.event, ...evs.filter((e) => e !== anchorDoc!.event)];
  if (!evs.length) return undefined;
  return { kind: 'person', holder: h, events: evs.slice(0, 3) };
}

export const ROLE_NAMES: Record<AskedRole, string> = {
  ceo: 'chief executive',
  chair: 'chair',
  evp: 'executive vice president',
  planning: 'chief planning officer',
  'ev-chief': 'EV chief',
  other: 'holder of that post',
};

const STARTS = /\b(start\w*|begin|began|become|became|take over|took over|taking over|appointed|named|join\w*|assum\w*|tak\w* the helm)\b/;
const ENDS = /\b(step\w* down|stood down|leav\w*|left|resign\w*|quit|depart\w*|out as|ousted|end\w*)\b/;

/**
 * "When did Espinosa start as CEO?", "when did Uchida step down?": the day the log dates the person's post from or to,
 * with the events that name them in it (the announcement first). Undefined when the log does not date it.
 */
export function answerTenure(index: AnswerIndex, u: Understanding): { day: string; starts: boolean; holder: Holder; events: Event[] } | undefined {
  const t = tenureAsked(u);
  if (!t) return undefined;
  const { person: p, starts } = t;
  const dated = p.roles.filter(t.dated);
  const role = dated[dated.length - 1];
  if (!role) return undefined;
  const holder = { person: p, role };
  const day = (starts ? role.from : role.until)!;
  // (leaving: the events closest to the last day, where the departure was announced)
  const events = eventsFor(index, holder, starts ? undefined : day);
  return events.length ? { day, starts, holder, events: events.slice(0, 3) } : undefined;
}

/**
 * "When did Kato become CEO of Mitsubishi Motors?": a person the log names, asked when they took up (or left) a post the
 * log never dates — declined rather than answered with an event that merely mentions them in the post.
 */
export function undatedTenure(u: Understanding): { person: PersonDef; starts: boolean } | undefined {
  const t = tenureAsked(u);
  if (!t) return undefined;
  return t.person.roles.some(t.dated) ? undefined : { person: t.person, starts: t.starts };
}

/** "When did <one person> start / leave …": the person, which end is asked, and which of their posts the log dates at that end. */
function tenureAsked(u: Understanding) {
  if (u.kind !== 'when' || u.people.length !== 1) return undefined;
  const f = foldText(u.question);
  const starts = STARTS.test(f);
  if (!starts && !ENDS.test(f)) return undefined;
  const asked = askedRole(u);
  const dated = (r: PersonDef['roles'][number]) =>
    Boolean(starts ? r.from : r.until) && (!asked || asked.role === 'other' || asked.role === r.role || (asked.role === 'ceo' && !asked.strong));
  return { person: u.people[0], starts, dated };
}

/** "become CEO", "step down", "take over as": a question about when a post changed hands. */
const POST_CHANGE_ASKED = /\b(becom\w*|became|start\w* as|beg[ai]n as|tak\w* over|took over|appointed|named|join\w* as|assum\w*|step\w* down|stood down|resign\w*|quit|left|leav\w*|ousted|out as|tak\w* the helm|took the helm)\b/;
/** An event's text stating that a post changed hands. */
const POST_CHANGE_TEXT = /\b(appoint\w*|named|names|naming|nominat\w*|succe\w*|replac\w*|tak\w* over|took over|step\w* down|stood down|resign\w*|quit|quits|depart\w*|retir\w*|oust\w*|becom\w*|became|promot\w*|helm|new (?:ceo|president|chief|chair\w*))\b/;
/** An event's text naming someone by a post ("CEO Takao Kato", "vice president Shinji Aoyama"). */
const TITLED_NAME = /\b(?:CEO|chief executive|[Pp]resident|[Cc]hair(?:man|woman)?|chief \w+ officer|CFO|COO|CTO|spokes(?:man|woman|person)|EV chief)\s+(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+/;

/** "who replaced Meunier?": a succession asked about someone the lexicon does not know. */
const SUCCESSION_ASKED = /\b(replac\w*|succe\w*|took over from|take over from|predecessor)\b/;
/** "who at Foxconn…", "which executive…": a person asked for, not a company. */
const PERSON_ASKED = /\bwho at\b|\b(?:which|what) (?:\w+ )?(?:executives?|execs?|persons?|officials?|managers?|negotiators?|individuals?)\b/;

/**
 * A question about a person or a post that the best event does not answer although it matches the words: "when did
 * Kato become CEO?" answered by an event that names Kato as CEO but not when he took the post up, "who was to be CEO of
 * the holding company?" or "who at Foxconn negotiated…?" by one that names nobody, "who replaced Meunier?" by one that
 * states no change of post. The people the lexicon knows are answered above (answerRole, answerTenure); this is for
 * the rest. Undefined: the event answers.
 */
export function postUnstated(index: AnswerIndex, u: Understanding, d: EventDoc): 'undated' | 'unnamed' | undefined {
  if (u.people.length) return undefined;
  const f = foldText(u.question);
  const asked = askedRole(u);
  const text = `${d.event.title} ${d.event.summary}`;
  const change = () => POST_CHANGE_TEXT.test(foldText(text));
  if (u.kind === 'when') return asked?.strong && POST_CHANGE_ASKED.test(f) && !change() ? 'undated' : undefined;
  if (u.kind !== 'who') return undefined;
  if (SUCCESSION_ASKED.test(f) && !change()) return 'unnamed';
  if (!asked?.strong && !PERSON_ASKED.test(f)) return undefined;
  const someone = asked?.strong ? asked.role !== 'other' && index.post.roleText[d.i] & ROLE_BIT[asked.role] : PEOPLE.some((p) => mentions(d, p));
  return someone || TITLED_NAME.test(text) ? undefined : 'unnamed';
}
