/**
 * Discord request verification for the HTTP-interactions endpoint: an Ed25519 signature
 * (`X-Signature-Ed25519`, hex) over `X-Signature-Timestamp + raw body`, checked with the
 * application's public key, plus a ±5-minute window on the timestamp against replays.
 *
 * Uses node:crypto only. The public key object is built once. Header formats are checked with
 * fixed-shape patterns before any decoding, because `Buffer.from(hex, 'hex')` silently drops
 * everything after the first bad character; a malformed header never reaches `crypto.verify`.
 * The signature check itself is OpenSSL's Ed25519 verify, which does not branch on secret data
 * (there is none here: the key is public and the signature comes from the caller).
 */
import { createPublicKey, verify as edVerify, type KeyObject } from 'node:crypto';

/** DER prefix that turns a raw 32-byte Ed25519 public key into an SPKI structure. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Discord's replay window: refuse timestamps more than this far from now, either way. */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

const PUBLIC_KEY_HEX = /^[0-9a-fA-F]{64}$/;
const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;
/** Unix seconds: digits only, no sign, no exponent, no whitespace; at most 12 digits. */
const TIMESTAMP = /^\d{1,12}$/;

export type VerifyFailure =
  | 'missing signature headers'
  | 'malformed signature'
  | 'malformed timestamp'
  | 'timestamp outside the 5-minute window'
  | 'signature does not match';

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface SignedRequest {
  /** `X-Signature-Ed25519` header value (node gives `string | string[] | undefined`). */
  signature: string | string[] | undefined;
  /** `X-Signature-Timestamp` header value. */
  timestamp: string | string[] | undefined;
  /** The raw body bytes exactly as received. */
  body: Buffer;
}

export interface Verifier {
  verify(req: SignedRequest): VerifyResult;
}

/** Build the public key object from the 64-hex-character key shown in the Developer Portal. Throws on a bad key. */
export function publicKeyFromHex(hex: string): KeyObject {
  const trimmed = hex.trim();
  if (!PUBLIC_KEY_HEX.test(trimmed)) {
    throw new Error('DISCORD_PUBLIC_KEY must be the 64-hex-character public key from the Developer Portal');
  }
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(trimmed, 'hex')]), format: 'der', type: 'spki' });
}

function single(v: string | string[] | undefined): string | undefined {
  if (Array.isArray(v)) return v.length === 1 ? v[0] : undefined; // a repeated header is never Discord's
  return v;
}

/**
 * A verifier bound to one public key. `now` is injectable for tests.
 * Returns a reason on failure (for the operator log; never echoed with secrets).
 */
export function createVerifier(publicKeyHex: string, opts: { now?: () => Date; maxSkewMs?: number } = {}): Verifier {
  const key = publicKeyFromHex(publicKeyHex);
  const now = opts.now ?? (() => new Date());
  const maxSkew = opts.maxSkewMs ?? MAX_TIMESTAMP_SKEW_MS;
  return {
    verify(req: SignedRequest): VerifyResult {
      const sig = single(req.signature);
      const ts = single(req.timestamp);
      if (sig === undefined || ts === undefined || sig === '' || ts === '') return { ok: false, reason: 'missing signature headers' };
      if (!SIGNATURE_HEX.test(sig)) return { ok: false, reason: 'malformed signature' };
      if (!TIMESTAMP.test(ts)) return { ok: false, reason: 'malformed timestamp' };
      const skew = Math.abs(now().getTime() - Number(ts) * 1000);
      if (!(skew <= maxSkew)) return { ok: false, reason: 'timestamp outside the 5-minute window' };
      let good = false;
      try {
        good = edVerify(null, Buffer.concat([Buffer.from(ts, 'utf8'), req.body]), key, Buffer.from(sig, 'hex'));
      } catch {
        good = false;
      }
      return good ? { ok: true } : { ok: false, reason: 'signature does not match' };
    },
  };
}

/**
 * The timestamp window still lets a captured request be replayed for up to 5 minutes. Discord never
 * delivers the same interaction twice, so remembering the ids of verified interactions for the
 * length of the window (both directions) closes that gap. Bounded: the oldest ids are forgotten first.
 */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();

  constructor(
    readonly windowMs = 2 * MAX_TIMESTAMP_SKEW_MS,
    readonly maxEntries = 100_000,
  ) {}

  /** Record `id`; true when it was already seen within the window (a replay). */
  check(id: string, nowMs: number): boolean {
    for (const [old, at] of this.#seen) {
      if (nowMs - at <= this.windowMs && this.#seen.size < this.maxEntries) break;
      this.#seen.delete(old);
    }
    const at = this.#seen.get(id);
    if (at !== undefined && nowMs - at <= this.windowMs) return true;
    this.#seen.delete(id); // re-insert at the end, keeping the map in time order
    this.#seen.set(id, nowMs);
    return false;
  }

  get size(): number {
    return this.#seen.size;
  }
}
