/**
 * What the bot knows about the words people use: companies and their aliases, people and their
 * companies, companies the log does not cover, and metric/topic synonyms. Pure data + small helpers.
 *
 * Synonyms are applied to questions AND to the log's text alike (see `canonical`), so "layoffs" in a
 * question meets "job cuts" in a figure label, and "EBIT" meets "operating profit".
 */
import { stem, words } from './text.js';

export interface CompanyDef {
  /** Canonical key. */
  key: string;
  /** How the log names it (matched as a case-insensitive substring of event/figure company names). */
  logName: string;
  /** Phrases (lower case, space separated) that mean this company. */
  aliases: string[];
}

export const COMPANIES: CompanyDef[] = [
  { key: 'honda', logName: 'Honda', aliases: ['honda', 'honda motor', 'hmc', 'honda motor co', 'hondas'] },
  { key: 'nissan', logName: 'Nissan', aliases: ['nissan', 'nissan motor', 'nsany', 'nissans', 'nisan', 'nissna'] },
  { key: 'mitsubishi', logName: 'Mitsubishi', aliases: ['mitsubishi', 'mitsubishi motors', 'mmc', 'mitsubishi motor', 'mitsu'] },
  { key: 'foxconn', logName: 'Foxconn', aliases: ['foxconn', 'hon hai', 'honhai', 'hon hai precision', 'hon-hai'] },
  { key: 'renault', logName: 'Renault', aliases: ['renault', 'renault group', 'groupe renault'] },
];

/** Phrases meaning "Honda and Nissan together". */
export const BOTH_ALIASES = [
  'both', 'the two', 'the two automakers', 'the two carmakers', 'the two companies', 'the two firms', 'the pair', 'each other',
  'the japanese pair', 'the duo', 'the two japanese automakers', 'the two japanese carmakers', 'two automakers', 'two carmakers',
];

export type RoleKind = 'ceo' | 'chair' | 'evp' | 'planning' | 'ev-chief';

/** The words (in folded text) that name each post: an event that names a person in such words tells their post. */
export const ROLE_TEXT: Record<RoleKind, RegExp> = {
  ceo: /\b(ceo|chief executive|president|chief)\b/,
  chair: /\bchair/,
  evp: /\bvice president\b/,
  planning: /\bplanning\b/,
  'ev-chief': /\bev chief\b/,
};
/** Each post's bit in `Postings.roleText` (in ROLE_TEXT's order). */
export const ROLE_BIT = Object.fromEntries(Object.keys(ROLE_TEXT).map((role, k) => [role, 1 << k])) as Record<RoleKind, number>;

/** A post a person held, as the log states it: company, kind of role, and (where the log dates it) when. */
export interface RoleDef {
  role: RoleKind;
  company: string;
  /** How the answer names the post. */
  title: string;
  /** First and last day (YYYY-MM-DD), when the log dates the post. */
  from?: string;
  until?: string;
}

export interface PersonDef {
  key: string;
  name: string;
  role: string;
  company: string;
  aliases: string[];
  /** Posts held, as the log states them (used to answer "who is Nissan's CEO?"). */
  roles: RoleDef[];
}

export const PEOPLE: PersonDef[] = [
  {
    key: 'espinosa', name: 'Ivan Espinosa', role: 'Nissan CEO from April 2025', company: 'nissan', aliases: ['espinosa', 'ivan espinosa', 'ivan'],
    roles: [
      { role: 'planning', company: 'nissan', title: 'Nissan chief planning officer', until: '2025-03-31' },
      { role: 'ceo', company: 'nissan', title: 'Nissan president and CEO (from 1 April 2025)', from: '2025-04-01' },
    ],
  },
  {
    key: 'uchida', name: 'Makoto Uchida', role: 'Nissan CEO until March 2025', company: 'nissan', aliases: ['uchida', 'makoto uchida', 'makoto'],
    roles: [{ role: 'ceo', company: 'nissan', title: 'Nissan CEO (until 31 March 2025; he then stayed on as a director)', until: '2025-03-31' }],
  },
  {
    key: 'mibe', name: 'Toshihiro Mibe', role: 'Honda president and CEO', company: 'honda', aliases: ['mibe', 'toshihiro mibe', 'toshihiro'],
    roles: [{ role: 'ceo', company: 'honda', title: 'Honda president and chief executive' }],
  },
  {
    key: 'kaihara', name: 'Noriya Kaihara', role: 'Honda executive vice president', company: 'honda', aliases: ['kaihara', 'noriya kaihara', 'noriya'],
    roles: [{ role: 'evp', company: 'honda', title: 'Honda executive vice president' }],
  },
  {
    key: 'liu', name: 'Young Liu', role: 'Foxconn (Hon Hai) chairman', company: 'foxconn', aliases: ['young liu', 'liu'],
    roles: [{ role: 'chair', company: 'foxconn', title: 'Foxconn (Hon Hai) chairman' }],
  },
  {
    key: 'seki', name: 'Jun Seki', role: 'Foxconn EV chief, former Nissan executive', company: 'foxconn', aliases: ['jun seki', 'seki'],
    roles: [{ role: 'ev-chief', company: 'foxconn', title: 'Foxconn (Hon Hai) EV chief, a former Nissan executive' }],
  },
  {
    key: 'kimura', name: 'Yasushi Kimura', role: 'Nissan board chair', company: 'nissan', aliases: ['kimura', 'yasushi kimura'],
    roles: [{ role: 'chair', company: 'nissan', title: 'Nissan board chair' }],
  },
];

/**
 * Companies (and people) the log does not cover. A question about them is declined unless the record
 * it would be answered from names them too.
 */
export const OTHER_COMPANIES = [
  'toyota', 'lexus', 'tesla', 'byd', 'volkswagen', 'vw', 'hyundai', 'kia', 'ford', 'gm', 'general motors', 'chevrolet', 'stellantis',
  'chrysler', 'jeep', 'fiat', 'peugeot', 'subaru', 'mazda', 'suzuki', 'daihatsu', 'isuzu', 'bmw', 'mercedes', 'mercedes benz',
  'daimler', 'audi', 'porsche', 'geely', 'volvo', 'polestar', 'xiaomi', 'apple', 'sony', 'afeela', 'panasonic', 'rivian', 'lucid',
  'nio', 'xpeng', 'li auto', 'saic', 'great wall', 'chery', 'tata', 'jaguar', 'land rover', 'mahindra', 'yamaha', 'kawasaki',
  'denso', 'aisin', 'waymo', 'google', 'uber', 'lyft', 'samsung', 'catl', 'lg', 'ferrari', 'lamborghini', 'bentley', 'rolls royce',
  'infiniti', 'acura', 'dongfeng', 'gac', 'baic', 'proton', 'musk', 'elon', 'ghosn', 'carlos ghosn', 'akio toyoda', 'toyoda',
  'mary barra', 'barra', 'farley', 'tavares', 'de meo', 'microsoft', 'amazon', 'nvidia', 'intel', 'qualcomm', 'huawei', 'boeing',
];

/**
 * Synonym groups: every phrase in a group is rewritten to the group's first word before matching.
 * Phrases are written plainly; they go through the same word pipeline as the text they match.
 */
export const SYNONYMS: string[][] = [
  ['merger', 'merge', 'merging', 'mergers', 'integration', 'integrate', 'integrating', 'business integration', 'tie-up', 'tie up', 'tieup', 'tie', 'combination', 'combine', 'combining', 'amalgamation', 'consolidation', 'union', 'marriage', 'takeover', 'unify', 'unification', 'merged'],
  ['talk', 'talks', 'approach', 'approached', 'approaches', 'approaching', 'overture', 'overtures', 'negotiation', 'negotiations', 'negotiate', 'discussion', 'discussions', 'discuss', 'discussing', 'discussed', 'dialogue', 'conversations'],
  ['terminate', 'terminated', 'termination', 'collapse', 'collapsed', 'fell apart', 'fall apart', 'falls apart', 'call off', 'called off', 'calling off', 'scrap', 'scrapped', 'cancel', 'cancelled', 'canceled', 'cancellation', 'broke down', 'break down', 'breakdown', 'abandon', 'abandoned', 'end', 'ending talks', 'fail', 'failed', 'failure', 'fall through', 'fell through', 'walk away', 'walked away', 'pull out', 'pulled out', 'withdraw', 'withdrew', 'withdrawal', 'off', 'ended', 'ends', 'dead', 'died', 'die', 'dies', 'blew up', 'blow up', 'blows up', 'blown up', 'went south', 'fizzled', 'fizzled out', 'unravel', 'unraveled', 'unravelled', 'quit', 'split'],
  ['utilisation', 'utilization', 'utilisation rate', 'utilization rate', 'capacity use', 'capacity utilisation', 'capacity utilization', 'how busy', 'busy', 'operating rate', 'plant usage', 'running at', 'underused', 'underutilised', 'underutilized', 'idle capacity', 'use of capacity', 'plant use', 'percent of capacity', 'of capacity', 'capacity usage'],
  ['tariff', 'tariffs', 'duty', 'duties', 'levy', 'levies', 'import tax', 'import taxes', 'trade war'],
  ['impact', 'hit', 'hits', 'cost', 'costs', 'bill', 'bills', 'price tag', 'toll', 'blow', 'damage', 'drag', 'effect', 'effects', 'exposure', 'burden', 'hurt', 'hurts', 'expense', 'charge', 'charges'],
  ['jobcut', 'job cuts', 'job cut', 'job losses', 'job loss', 'layoffs', 'layoff', 'lay off', 'laid off', 'lay offs', 'redundancies', 'headcount reduction', 'cut jobs', 'cutting jobs', 'jobs cut', 'axe jobs', 'axing jobs', 'workforce reduction', 'workforce cuts', 'staff cuts', 'jobs', 'job', 'eliminate jobs', 'positions cut', 'cuts jobs', 'shed jobs', 'job reductions'],
  ['opprofit', 'operating profit', 'operating income', 'operating result', 'operating results', 'operating earnings', 'ebit', 'operating loss', 'operating losses', 'op profit', 'operating'],
  ['margin', 'margins', 'profitability'],
  ['netincome', 'net profit', 'net income', 'net loss', 'net losses', 'net result', 'bottom line', 'net earnings', 'group net loss', 'net', 'profit after tax'],
  ['revenue', 'revenues', 'turnover', 'top line', 'topline', 'sales revenue', 'net sales', 'net revenue', 'net revenues'],
  ['cash', 'net cash', 'automotive net cash', 'cash pile', 'cash position'],
  ['remark', 'remarks', 'comment', 'comments', 'commented', 'words'],
  ['age', 'old', 'aged', 'years old'],
  ['sale', 'sales', 'sell', 'sold', 'selling', 'deliveries', 'volume', 'volumes'],
  ['stake', 'holding', 'holdings', 'shareholding', 'stake in', 'ownership', 'owns', 'owned', 'equity stake'],
  ['marketcap', 'market capitalisation', 'market capitalization', 'market cap', 'market value', 'valuation', 'valued', 'value of', 'mkt cap'],
  ['share', 'share price', 'stock price', 'shares', 'stock', 'stocks', 'share prices', 'stock market'],
  ['forecast', 'forecasts', 'outlook', 'guidance', 'projection', 'projections', 'project', 'projected', 'projects', 'expect', 'expected', 'expects', 'expectation', 'estimate', 'estimated', 'estimates', 'estimation', 'predicts', 'sees', 'anticipate', 'anticipated', 'full-year plan', 'warn', 'warned', 'warning', 'guide', 'guided', 'prognosis', 'assume', 'assumed', 'assumption'],
  ['plant', 'plants', 'factory', 'factories', 'site', 'sites', 'facility', 'facilities', 'works', 'assembly plant', 'production line', 'lines'],
  ['closure', 'closures', 'close', 'closing', 'closed', 'shut', 'shutting', 'shutdown', 'shut down', 'shuttered', 'stop production', 'end production', 'end output', 'stop output', 'halt', 'stop making', 'stop making cars', 'stop building', 'stop producing', 'cease production', 'end vehicle production', 'stop', 'stops', 'stopping', 'stopped', 'cease', 'ceases'],
  ['pickup', 'pickups', 'pick-up', 'pick-ups', 'pick up trucks', 'pickup truck', 'pickup trucks', 'truck', 'trucks', 'frontier'],
  ['software', 'sdv', 'software-defined', 'software defined', 'software-defined vehicle', 'software platform', 'vehicle intelligence', 'intelligence', 'os', 'operating system'],
  ['ev', 'evs', 'electric vehicle', 'electric vehicles', 'electric car', 'electric cars', 'electrification', 'electrified', 'bev', 'bevs', 'battery electric'],
  // who-questions about posts are read from the raw words (people.ts); here only nouns that name a top post
  ['ceo', 'chief executive', 'chief executive officer', 'president', 'boss', 'chief', 'leader', 'top executive', 'helm', 'chairman', 'chair', 'in charge', 'top management', 'management'],
  ['need', 'needs', 'needed', 'require', 'requires', 'required', 'requirement', 'necessary', 'call for', 'called for', 'calls for'],
  ['withhold', 'withholds', 'withheld', 'withholding', 'undetermined', 'not give', 'not provide', 'not issue', 'not publish', 'gave no', 'give no', 'gives no', 'provided no', 'no forecast', 'no guidance', 'scrapped guidance', 'without guidance', 'without a forecast'],
  ['alltimerecord', 'all-time', 'all time', 'record-breaking', 'biggest ever', 'largest ever', 'worst ever', 'deepest ever'],
  ['resign', 'step down', 'stepped down', 'steps down', 'stepping down', 'resigned', 'resigns', 'resignation', 'replaced', 'replace', 'ousted', 'oust', 'exit', 'depart', 'departure', 'leave', 'leaves', 'left', 'succeed', 'succeeded', 'successor', 'took over', 'take over', 'takes over', 'appointed', 'appoint', 'named', 'new ceo'],
  ['exchangerate', 'exchange rate', 'exchange-rate', 'forex', 'fx', 'dollar yen', 'yen dollar', 'currency assumption', 'yen assumption', 'yen per dollar', 'yen per usd', 'rate assumption'],
  ['headquarters', 'hq', 'head office', 'head-office', 'headquarter', 'main office', 'global headquarters'],
  ['investment', 'invest', 'investing', 'invested', 'pledge', 'pledged', 'commitment', 'committed', 'promise', 'promised', 'promises', 'vow', 'vowed', 'spend', 'spending', 'spent', 'capex'],
  ['impairment', 'impairments', 'writedown', 'write-down', 'write down', 'writedowns', 'write-downs', 'write off', 'write-off', 'writeoff'],
  ['subsidiary', 'subsidiaries', 'child company', 'under its wing', 'absorb', 'buy out', 'acquire', 'acquisition', 'make nissan a subsidiary'],
  ['mou', 'memorandum of understanding', 'memorandum', 'mous', 'm.o.u'],
  ['holdingcompany', 'holding company', 'joint holding company', 'holdco', 'parent company', 'joint holding'],
  ['partner', 'partnership', 'partnering', 'partners', 'cooperation', 'cooperate', 'cooperating', 'collaboration', 'collaborate', 'collaborating', 'alliance', 'work together', 'working together', 'team up', 'teaming up', 'joint', 'jointly', 'together'],
  ['battery', 'batteries', 'cells', 'battery cells'],
  ['hybrid', 'hybrids', 'two-motor hybrid', 'e-power', 'epower', 'hev'],
  ['trade', 'trade deal', 'trade agreement', 'trade framework', 'trade pact'],
  ['deal', 'deals', 'arrangement', 'agreement', 'agreements', 'pact', 'accord', 'agree', 'agreed', 'agrees', 'agreeing'],
  ['technology', 'tech', 'technologies', 'know-how', 'knowhow'],
  ['supply', 'supplying', 'supplied', 'supplies', 'sharing', 'shared', 'provide', 'providing', 'provided', 'license', 'licensing', 'licence'],
  ['mexico', 'mexican'],
  ['canada', 'canadian'],
  ['standardise', 'standardised', 'standardises', 'standardising', 'standardisation', 'standardize', 'standardized', 'standardizes', 'standardizing', 'standardization', 'common platform'],
  ['rating', 'ratings', 'rated', 'credit rating', 'credit ratings', 'junk', 'investment grade', 'investment-grade', 'credit score'],
  ['japan', 'japanese'],
  ['china', 'chinese'],
  ['usa', 'united states', 'america', 'american', 'stateside', 'north america', 'north american', 'u s'],
  ['loss', 'losses', 'deficit', 'red', 'in the red', 'negative', 'losing money', 'lose', 'lost', 'losing'],
  ['profit', 'profits', 'earnings', 'black', 'in the black', 'earn', 'earns', 'earned', 'earning', 'profitable', 'unprofitable'],
  ['capacity', 'production capacity', 'output capacity', 'capacities'],
  ['production', 'output', 'produce', 'produced', 'manufacture', 'manufacturing', 'build', 'building', 'built', 'assemble', 'assembly'],
  ['change', 'move', 'moved', 'moves', 'movement', 'swing', 'rise', 'rose', 'risen', 'jump', 'jumped', 'gain', 'gained', 'surge', 'surged', 'climb', 'climbed', 'soar', 'soared', 'increase', 'increased', 'fall', 'fell', 'fallen', 'drop', 'dropped', 'drops', 'slide', 'slid', 'decline', 'declined', 'slump', 'slumped', 'plunge', 'plunged', 'tumble', 'tumbled', 'sink', 'sank'],
  ['cut', 'cuts', 'lower', 'lowered', 'lowers', 'reduce', 'reduced', 'reduces', 'reduction', 'eliminate', 'eliminated', 'eliminating', 'axe', 'axed', 'axing', 'shed', 'shedding', 'trim', 'trimmed', 'slash', 'slashed', 'downgrade', 'downgraded', 'revise down', 'revised down'],
  ['raise', 'raised', 'raises', 'lift', 'lifted', 'lifts', 'boost', 'boosted', 'upgrade', 'upgraded', 'revise up', 'revised up', 'hike', 'hiked'],
  ['restructuring', 'restructure', 're:nissan', 're nissan', 'renissan', 'turnaround', 'recovery plan', 'overhaul', 'reorganisation', 'reorganization'],
  ['export', 'exports', 'exported', 'ship', 'ships', 'shipped', 'shipments'],
  ['quarter', 'quarterly', 'three months'],
  ['mitigation', 'mitigate', 'offset', 'offsetting', 'countermeasures', 'countermeasure'],
  ['chip', 'chips', 'semiconductor', 'semiconductors', 'nexperia'],
  ['shareholder', 'shareholders', 'agm', 'annual general meeting', 'shareholders meeting', 'investors'],
  ['apology', 'apologise', 'apologize', 'apologised', 'apologized', 'apologies', 'sorry'],
  ['salary', 'pay', 'paid', 'compensation', 'wages', 'remuneration'],
  ['employee', 'employees', 'workers', 'worker', 'staff', 'workforce', 'people employed', 'employ', 'employs', 'people', 'personnel', 'staffers', 'headcount', 'head count'],
  ['saving', 'savings', 'save', 'saves', 'saved', 'cost savings', 'cost saving', 'cost cuts', 'cost cut', 'cost cutting', 'cost-cutting', 'cost reduction', 'cost reductions'],
  ['return', 'returned', 'returns', 'returning', 'give back', 'gave back', 'giving back', 'gives back', 'hand back', 'handed back', 'forgo', 'forgoes', 'forgone', 'waive', 'waived'],
  ['product', 'products', 'goods', 'merchandise'],
  ['propose', 'proposes', 'proposed', 'proposing', 'proposal', 'proposals', 'suggest', 'suggests', 'suggested', 'suggestion', 'float', 'floated', 'pitch', 'pitched', 'put forward'],
  ['explore', 'explores', 'explored', 'exploring', 'study', 'studies', 'studied', 'studying', 'feasibility study', 'look at', 'looking at', 'looked at', 'examine', 'examined', 'weigh', 'weighing', 'weighed', 'consider', 'considers', 'considered', 'considering'],
  ['breakeven', 'break even', 'break-even', 'breaking even'],
  ['keep', 'keeps', 'kept', 'keeping', 'retain', 'retains', 'retained', 'retaining', 'preserve', 'preserved', 'hold on to', 'held on to'],
  ['minimum', 'minimal', 'lowest', 'floor', 'at least', 'no less than', 'bottom'],
  ['amend', 'amends', 'amended', 'amending', 'amendment', 'amendments', 'rework', 'reworked', 'revamp', 'revamped', 'loosen', 'loosened', 'loosening'],
  ['global', 'worldwide', 'world', 'globally', 'around the world', 'group-wide', 'groupwide'],
  ['dividend', 'dividends', 'payout'],
  ['cumulative', 'total', 'in total', 'all told', 'overall total'],
  ['exceed', 'exceeds', 'exceeded', 'exceeding', 'beat', 'beats', 'surpass', 'surpassed', 'top', 'topped', 'outstrip', 'outstripped', 'already above'],
  ['start', 'starts', 'started', 'starting', 'begin', 'began', 'begins', 'beginning', 'take effect', 'took effect', 'takes effect', 'taking effect', 'in force', 'come into force', 'came into force', 'comes into force', 'kick in', 'kicked in', 'kicks in', 'effective', 'implement', 'implemented', 'implementing', 'put into effect', 'puts into effect', 'putting into effect', 'bring in', 'brings in', 'brought in', 'introduce', 'introduced', 'introduces', 'come into effect', 'came into effect', 'go into effect', 'went into effect', 'launch', 'launched'],
  ['buy', 'buys', 'bought', 'buying', 'buyer', 'buyers', 'purchase', 'purchased', 'purchaser', 'purchasing'],
  ['decide', 'decides', 'decided', 'deciding', 'decision', 'decisions'],
  ['income', 'extraordinary gain', 'extraordinary gains', 'one-off gain', 'gain on sale'],
  ['target', 'targets', 'targeted', 'targeting', 'goal', 'goals', 'aim', 'aims', 'aimed', 'aiming', 'ambition', 'ambitions', 'objective', 'objectives'],
  ['delay', 'delays', 'delayed', 'postpone', 'postponed', 'push back', 'pushed back', 'pushes back', 'defer', 'deferred', 'put off', 'put back'],
  ['disruption', 'disruptions', 'shortage', 'shortages', 'run short', 'ran short', 'running short', 'shortfall', 'scarcity', 'scarce', 'problem', 'problems', 'issue', 'issues', 'trouble', 'troubles', 'crunch', 'supply crunch'],
  ['reject', 'rejects', 'rejected', 'rule out', 'ruled out', 'rules out', 'ruling out', 'dismiss', 'dismissed', 'exclude', 'excluded', 'refuse', 'refused', 'turn down', 'turned down', 'oppose', 'opposed', 'object to', 'objected', 'could not accept', 'cannot accept', 'can not accept'],
  // in this log a production or sales "unit" is always a vehicle
  ['large', 'big', 'bigger', 'larger', 'biggest', 'largest', 'huge', 'heavy', 'heavier', 'full-size', 'full size'],
  ['vehicle', 'vehicles', 'car', 'cars', 'auto', 'autos', 'automobile', 'automobiles', 'models', 'unit', 'units', 'suv', 'suvs'],
];

/**
 * Phrases that also imply another word: "net loss" is a net-income figure AND a loss; "job cuts" are
 * cuts. Applied to questions and the log alike.
 */
const ALSO: Record<string, string[]> = {
  'net loss': ['loss'], 'net losses': ['loss'], 'operating loss': ['loss'], 'operating losses': ['loss'], 'group net loss': ['loss'],
  'exchange rate': ['rate'], 'exchange-rate': ['rate'], 'dollar yen': ['rate'], 'yen dollar': ['rate'], 'yen per dollar': ['rate'], 'yen per usd': ['rate'],
  'production capacity': ['production'], 'output capacity': ['production'],
  'pay cut': ['salary', 'return'], 'pay cuts': ['salary', 'return'],
  'trade deal': ['deal'], 'trade agreement': ['deal'], 'trade framework': ['deal'], 'trade pact': ['deal'],
  'job cuts': ['cut'], 'job cut': ['cut'], 'cut jobs': ['cut'], 'cutting jobs': ['cut'], 'jobs cut': ['cut'], 'cuts jobs': ['cut'],
};

/** In the log's text only: what a canonical word entails (an operating-profit figure is a profit figure). */
const IMPLIES_RAW: Record<string, string[]> = {
  opprofit: ['profit'],
  netincome: ['profit'],
  jobcut: ['cut'],
  holdingcompany: ['merger'],
  // a memorandum of understanding is an agreement
  mou: ['deal'],
  // every tariff in this log is a US tariff
  tariff: ['usa'],
};
export const IMPLIES: Record<string, string[]> = Object.fromEntries(Object.entries(IMPLIES_RAW).map(([k, v]) => [stem(k), v.map(stem)]));

/** In events' text only: a holding in a company is made of its shares ("Renault's Nissan shares" = its stake). */
export const EVENT_IMPLIES: Record<string, string[]> = Object.fromEntries(Object.entries({ stake: ['share'] }).map(([k, v]) => [stem(k), v.map(stem)]));

/**
 * Metrics whose actual values make an event a results announcement: such an event is about "results" (and
 * "earnings") even when its text never uses the word.
 */
export const RESULT_METRICS = /^(net-profit|net-loss|operating-profit|operating-loss|revenue|global-sales|operating-margin)$/;

/** Canonical words that name a measured quantity: a "what is X's <metric>?" question is a figure question. */
export const METRIC_TERMS = new Set(
  [
    'opprofit', 'netincome', 'revenue', 'stake', 'marketcap', 'utilisation', 'jobcut', 'exchangerate', 'cash', 'liquidity', 'margin', 'capacity', 'impairment', 'dividend', 'salary', 'price', 'debt', 'age', 'employee', 'profit', 'loss', 'sale', 'impact', 'share',
    // kinds of number a question may name that no figure of the log measures: "the coupon on Nissan's bonds" is never
    // answered by the bonds' proceeds because the event's text mentions coupons
    'coupon', 'yield', 'spread', 'fee', 'royalty', 'penalty', 'wage', 'bonus', 'premium',
  ].map(stem),
);

/** Canonical word for each (stemmed) word or phrase, built from SYNONYMS. */
const single = new Map<string, string>();
const multi = new Map<string, { len: number; to: string }[]>();
const phraseTo = new Map<string, string>();
const phraseAlso = new Map<string, string[]>();

function key(ws: string[]): string {
  return ws.join(' ');
}

for (const group of SYNONYMS) {
  const to = stem(group[0]);
  for (const phrase of group) {
    const ws = words(phrase).map(stem);
    if (!ws.length) continue;
    if (ws.length === 1) {
      if (!single.has(ws[0])) single.set(ws[0], to);
    } else {
      const list = multi.get(ws[0]) ?? [];
      list.push({ len: ws.length, to: key(ws) });
      multi.set(ws[0], list);
      phraseTo.set(key(ws), to);
      const also = ALSO[phrase];
      if (also) phraseAlso.set(key(ws), also.map(stem));
    }
  }
}

/**
 * Rewrite stemmed tokens to canonical words: longest multi-word phrase first, then single words.
 * `positions` (optional) receives, for each output token, the index of the input token it started at.
 */
export function canonical(toks: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const cands = multi.get(toks[i]);
    let done = false;
    if (cands) {
      let best: { len: number; to: string } | undefined;
      for (const c of cands) {
        if (c.len <= toks.length - i && (!best || c.len > best.len) && key(toks.slice(i, i + c.len)) === c.to) best = c;
      }
      if (best) {
        out.push(phraseTo.get(best.to)!);
        for (const a of phraseAlso.get(best.to) ?? []) out.push(a);
        i += best.len - 1;
        done = true;
      }
    }
    if (!done) out.push(single.get(toks[i]) ?? toks[i]);
  }
  return out;
}

/** All canonical words (for typo correction vocabularies). */
export function lexiconWords(): string[] {
  const out = new Set<string>();
  for (const g of SYNONYMS) for (const p of g) for (const w of words(p)) out.add(w);
  for (const c of COMPANIES) for (const a of c.aliases) for (const w of words(a)) out.add(w);
  for (const p of PEOPLE) for (const a of p.aliases) for (const w of words(a)) out.add(w);
  for (const o of OTHER_COMPANIES) for (const w of words(o)) out.add(w);
  return [...out];
}
