/**
 * Test helpers for the HTTP-interactions endpoint: a generated Ed25519 key pair standing in for
 * Discord's, requests signed the way Discord signs them, and a tiny client for 127.0.0.1.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { request } from 'node:http';

export interface TestKeys {
  /** 64 hex characters, as the Developer Portal shows it. */
  publicKeyHex: string;
  privateKey: KeyObject;
}

export function testKeys(): TestKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

/** Unix seconds, as Discord sends in X-Signature-Timestamp. */
export function unixSeconds(date = new Date()): string {
  return String(Math.floor(date.getTime() / 1000));
}

/** The two signature headers for `body` signed at `timestamp`. */
export function signatureHeaders(privateKey: KeyObject, body: string | Buffer, timestamp = unixSeconds()): Record<string, string> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), bytes]), privateKey).toString('hex');
  return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** One raw HTTP request with node:http (full control of method, headers and body bytes). */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer | Buffer[] } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'POST', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    const parts = opts.body === undefined ? [] : Array.isArray(opts.body) ? opts.body : [opts.body];
    for (const p of parts) req.write(p);
    req.end();
  });
}

/** A client that signs like Discord. `at` overrides the timestamp (replays, clock skew). */
export class SignedClient {
  constructor(
    readonly baseUrl: string,
    readonly keys: TestKeys,
    /** The signer's clock (the endpoint under test may run on a fixed clock). */
    readonly clock: () => Date = () => new Date(),
  ) {}

  get url(): string {
    return `${this.baseUrl}/interactions`;
  }

  /** POST a payload (object → JSON) signed for its exact bytes. */
  post(payload: unknown, opts: { at?: Date; headers?: Record<string, string> } = {}): Promise<HttpResult> {
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    return rawRequest(this.url, {
      headers: { 'content-type': 'application/json', ...signatureHeaders(this.keys.privateKey, body, unixSeconds(opts.at ?? this.clock())), ...opts.headers },
      body,
    });
  }
}
