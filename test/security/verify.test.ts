import { describe, it, expect } from 'vitest';
import { createVerifier, publicKeyFromHex, ReplayGuard } from '../../src/platforms/discord/verify.js';
import { signatureHeaders, testKeys, unixSeconds } from './signing.js';

const keys = testKeys();
const NOW = new Date('2026-03-01T12:00:00Z');
const verifier = createVerifier(keys.publicKeyHex, { now: () => NOW });
const body = Buffer.from('{"type":1}');

function check(b: Buffer, headers: Record<string, string | string[] | undefined>) {
  return verifier.verify({ body: b, signature: headers['x-signature-ed25519'], timestamp: headers['x-signature-timestamp'] });
}

describe('Ed25519 request verification', () => {
  it('GIVEN a body signed with the application key at the current time THEN it is accepted', () => {
    expect(check(body, signatureHeaders(keys.privateKey, body, unixSeconds(NOW)))).toEqual({ ok: true });
  });

  it('GIVEN timestamps at the edges of the 5-minute window THEN 300 s either way passes and 301 s fails', () => {
    for (const s of [-300, 300]) {
      const ts = unixSeconds(new Date(NOW.getTime() + s * 1000));
      expect(check(body, signatureHeaders(keys.privateKey, body, ts)).ok).toBe(true);
    }
    for (const s of [-301, 301, -86_400]) {
      const ts = unixSeconds(new Date(NOW.getTime() + s * 1000));
      expect(check(body, signatureHeaders(keys.privateKey, body, ts))).toEqual({ ok: false, reason: 'timestamp outside the 5-minute window' });
    }
  });

  it('GIVEN a signature of another body, another timestamp or another key THEN it does not match', () => {
    const h = signatureHeaders(keys.privateKey, body, unixSeconds(NOW));
    expect(check(Buffer.from('{"type":2}'), h)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(check(body, { ...h, 'x-signature-timestamp': String(Number(h['x-signature-timestamp']) - 1) })).toEqual({ ok: false, reason: 'signature does not match' });
    const other = testKeys();
    expect(check(body, signatureHeaders(other.privateKey, body, unixSeconds(NOW)))).toEqual({ ok: false, reason: 'signature does not match' });
    // Same bytes with one trailing space: still another body.
    expect(check(Buffer.concat([body, Buffer.from(' ')]), h).ok).toBe(false);
  });

  it('GIVEN missing, repeated or malformed headers THEN each is refused with its reason and nothing throws', () => {
    const h = signatureHeaders(keys.privateKey, body, unixSeconds(NOW));
    const sig = h['x-signature-ed25519'];
    const ts = h['x-signature-timestamp'];
    expect(check(body, {}).ok).toBe(false);
    expect(check(body, { 'x-signature-timestamp': ts })).toEqual({ ok: false, reason: 'missing signature headers' });
    expect(check(body, { 'x-signature-ed25519': sig })).toEqual({ ok: false, reason: 'missing signature headers' });
    expect(check(body, { 'x-signature-ed25519': [sig, sig], 'x-signature-timestamp': ts })).toEqual({ ok: false, reason: 'missing signature headers' });
    const malformed = [
      sig.slice(0, 127), // odd length
      sig.slice(0, 126), // short
      sig + '00', // long
      'zz' + sig.slice(2), // not hex (Buffer.from would silently truncate)
      sig.slice(0, 64) + ' '.repeat(64),
      '',
      'x'.repeat(10_000),
    ];
    for (const s of malformed) {
      const r = check(body, { 'x-signature-ed25519': s, 'x-signature-timestamp': ts });
      expect(r.ok).toBe(false);
    }
    for (const t of ['abc', '-1', '1e9', ` ${ts}`, `${ts}.5`, '9'.repeat(40), '0x10']) {
      expect(check(body, { 'x-signature-ed25519': sig, 'x-signature-timestamp': t }).ok).toBe(false);
    }
  });

  it('GIVEN an all-zero or all-ff signature of the right length THEN verification fails without throwing', () => {
    const ts = unixSeconds(NOW);
    expect(check(body, { 'x-signature-ed25519': '0'.repeat(128), 'x-signature-timestamp': ts }).ok).toBe(false);
    expect(check(body, { 'x-signature-ed25519': 'f'.repeat(128), 'x-signature-timestamp': ts }).ok).toBe(false);
  });

  it('GIVEN a public key that is not 64 hex characters THEN building the verifier fails with a clear message', () => {
    expect(() => publicKeyFromHex('abc')).toThrow(/64-hex-character public key/);
    expect(() => publicKeyFromHex('g'.repeat(64))).toThrow(/64-hex-character/);
    expect(() => createVerifier('')).toThrow(/DISCORD_PUBLIC_KEY/);
    expect(() => publicKeyFromHex(keys.publicKeyHex.toUpperCase())).not.toThrow();
  });
});

describe('ReplayGuard', () => {
  it('GIVEN an interaction id seen within the window THEN it is a replay; after the window THEN it is new again', () => {
    const guard = new ReplayGuard(10 * 60_000);
    const t = Date.parse('2026-03-01T12:00:00Z');
    expect(guard.check('1', t)).toBe(false);
    expect(guard.check('2', t + 1000)).toBe(false);
    expect(guard.check('1', t + 9 * 60_000)).toBe(true);
    expect(guard.check('1', t + 10 * 60_000 + 1)).toBe(false);
  });

  it('GIVEN more ids than its capacity THEN the oldest are forgotten and memory stays bounded', () => {
    const guard = new ReplayGuard(10 * 60_000, 100);
    const t = Date.parse('2026-03-01T12:00:00Z');
    for (let i = 0; i < 1000; i++) guard.check(String(i), t + i);
    expect(guard.size).toBeLessThanOrEqual(100);
    expect(guard.check('999', t + 1000)).toBe(true);
  });
});
