/** One spelling per article: tracking parameters, fragments, default ports and letter case of the host removed. */

/** Query parameters that only say where a click came from. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|oc|ocid|cmpid|cmp|smid|sref|ref|ref_src|taid|guccounter|guce_referrer|guce_referrer_sig|at_medium|at_campaign|rss|feed|partner)$/i;

/** The canonical form of an http(s) URL, or undefined when it is not one. */
export function canonicalUrl(input: string): string | undefined {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  u.username = '';
  u.password = '';
  u.hostname = u.hostname.toLowerCase().replace(/^www\./, '');
  // the same article is reached by either scheme; keep the secure one
  u.protocol = 'https:';
  if (u.port === '443' || u.port === '80') u.port = '';
  const kept = [...u.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  let out = u.toString();
  if (u.pathname.length > 1 && out.endsWith('/') && !u.search) out = out.slice(0, -1);
  return out;
}
