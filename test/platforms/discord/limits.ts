/**
 * Discord's message limits as a checker for tests (anchors.md §2.2): returns one line per broken limit.
 * Accepts both the discord.js shape (allowedMentions) and the raw API shape (allowed_mentions), e.g.
 * an interaction callback's `data` as the fake Discord recorded it.
 */
export function discordMessageProblems(msg: Record<string, any>): string[] {
  const p: string[] = [];
  const content: string = msg.content ?? '';
  if (content.length > 2000) p.push(`content has ${content.length} characters (limit 2000)`);
  const embeds: any[] = msg.embeds ?? [];
  if (embeds.length > 10) p.push(`${embeds.length} embeds (limit 10)`);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embed ${i}`;
    const len = (s: unknown) => (typeof s === 'string' ? s.length : 0);
    if (len(e.title) > 256) p.push(`${at}: title ${len(e.title)} > 256`);
    if (len(e.description) > 4096) p.push(`${at}: description ${len(e.description)} > 4096`);
    if (e.url !== undefined && !/^https?:\/\/\S+$/.test(e.url)) p.push(`${at}: url is not an http(s) URL`);
    const fields: any[] = e.fields ?? [];
    if (fields.length > 25) p.push(`${at}: ${fields.length} fields > 25`);
    fields.forEach((f, j) => {
      if (len(f.name) < 1 || len(f.name) > 256) p.push(`${at} field ${j}: name length ${len(f.name)} not in 1–256`);
      if (len(f.value) < 1 || len(f.value) > 1024) p.push(`${at} field ${j}: value length ${len(f.value)} not in 1–1024`);
      if (typeof f.name === 'string' && !f.name.trim()) p.push(`${at} field ${j}: blank name`);
      if (typeof f.value === 'string' && !f.value.trim()) p.push(`${at} field ${j}: blank value`);
      total += len(f.name) + len(f.value);
    });
    if (len(e.footer?.text) > 2048) p.push(`${at}: footer ${len(e.footer?.text)} > 2048`);
    if (len(e.author?.name) > 256) p.push(`${at}: author name > 256`);
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
    if (!e.title && !e.description && !fields.length) p.push(`${at}: empty embed`);
  });
  if (total > 6000) p.push(`embeds total ${total} > 6000`);
  if (!content && !embeds.length) p.push('message has neither content nor embeds');
  const rows: any[] = msg.components ?? [];
  if (rows.length > 5) p.push(`${rows.length} action rows > 5`);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    if (row.type !== 1) p.push(`row ${i}: type ${row.type} is not an action row`);
    const comps: any[] = row.components ?? [];
    if (comps.length < 1 || comps.length > 5) p.push(`row ${i}: ${comps.length} components not in 1–5`);
    for (const b of comps) {
      if (b.type !== 2) p.push(`row ${i}: component type ${b.type} is not a button`);
      const id: string = b.custom_id ?? '';
      if (id.length < 1 || id.length > 100) p.push(`row ${i}: custom_id length ${id.length} not in 1–100`);
      if (ids.has(id)) p.push(`row ${i}: duplicate custom_id ${id}`);
      ids.add(id);
      if ((b.label ?? '').length > 80) p.push(`row ${i}: label > 80`);
    }
  });
  const am = msg.allowedMentions ?? msg.allowed_mentions;
  if (!am || !Array.isArray(am.parse) || am.parse.length !== 0) p.push(`allowed mentions must be { parse: [] }, got ${JSON.stringify(am)}`);
  return p;
}

/** Masked links that a cut left half-open, e.g. "[Reuters](https://exa…". */
export function brokenLinks(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  const re = /\[([^\]\n]*)\]\(([^)\s]*)(\)?)/g;
  for (const m of text.matchAll(re)) if (!m[3] || !/^https?:\/\//.test(m[2])) out.push(m[0]);
  return out;
}
