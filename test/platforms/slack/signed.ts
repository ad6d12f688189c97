/** Requests signed the way Slack signs them (HMAC-SHA256 over `v0:<ts>:<body>`), posted to 127.0.0.1. */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

export interface PostResult {
  status: number;
  body: string;
}

export function post(port: number, path: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface SignOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
}

/** POST a form body to /slack/events with Slack's signature headers. */
export function signedPost(port: number, form: Record<string, string>, opts: SignOptions = {}): Promise<PostResult> {
  const body = new URLSearchParams(form).toString();
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  return post(port, '/slack/events', body, {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': slackSignature(opts.secret ?? SIGNING_SECRET, ts, body),
  });
}

let seq = 0;

/** A slash command payload as Slack sends it. */
export function slashCommand(text: string, responseUrl: string, extra: Partial<Record<string, string>> = {}): Record<string, string> {
  seq++;
  return {
    token: 'verification-token-unused',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ASKER',
    user_name: 'asker',
    command: '/nissan-honda',
    text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trigger-${seq}`,
    ...extra,
  } as Record<string, string>;
}

/** A block_actions payload for one clicked button, as Slack sends it (form field `payload`). */
export function blockAction(
  button: { action_id?: string; value?: string },
  responseUrl: string,
  opts: { user?: string; ephemeral?: boolean; channel?: string; view?: Record<string, unknown> } = {},
): Record<string, string> {
  seq++;
  const payload = {
    type: 'block_actions',
    user: { id: opts.user ?? 'U0ASKER', username: 'asker', name: 'asker', team_id: 'T0TEST' },
    api_app_id: 'A0APP',
    token: 'verification-token-unused',
    // a button inside a modal: its view, and neither a channel nor a response_url
    ...(opts.view
      ? { container: { type: 'view', view_id: opts.view.id }, view: opts.view }
      : { container: { type: 'message', message_ts: '1700000000.000100', channel_id: opts.channel ?? 'C0GENERAL', is_ephemeral: opts.ephemeral ?? true } }),
    trigger_id: `trigger-${seq}`,
    team: { id: 'T0TEST', domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    ...(opts.view ? {} : { channel: { id: opts.channel ?? 'C0GENERAL', name: 'general' }, response_url: responseUrl }),
    state: { values: {} },
    actions: [
      {
        type: 'button',
        action_id: button.action_id ?? '',
        block_id: 'b1',
        text: { type: 'plain_text', text: 'x', emoji: true },
        ...(button.value !== undefined ? { value: button.value } : {}),
        action_ts: '1700000001.000200',
      },
    ],
  };
  return { payload: JSON.stringify(payload) };
}
