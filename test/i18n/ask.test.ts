/**
 * `ask` in Japanese: the reply function itself, a `ja` interaction through the Discord HTTP endpoint (signed, fake
 * Discord on 127.0.0.1), and Slack with a Japanese user (users.info locale from the fake Slack).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/server.js';
import { FakeSlack } from '../fake-slack/server.js';
import { SignedClient, testKeys } from '../security/signing.js';
import { SIGNING_SECRET, signedPost, slashCommand } from '../platforms/slack/signed.js';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../src/platforms/discord/http.js';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/app.js';
import { createRegistry } from '../../commands/index.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { answerQuestion } from '../../src/answers/index.js';
import { localisedAsk, replyLocale } from '../../src/i18n/ask.js';
import { slackLocaleResolver } from '../../src/i18n/slack-locale.js';

const NOW = new Date('2026-06-01T09:00:00Z');
let store: TimelineStore;
beforeAll(() => {
  store = TimelineStore.open('data/events.json');
});
afterAll(() => store?.close());

const ids = (r: { data?: Record<string, unknown> }) => (r.data?.figures as { id: string }[]).map((f) => f.id);

describe('localisedAsk', () => {
  it('GIVEN a Japanese question THEN a Japanese reply with the same figures and sources as the English question', () => {
    const ja = localisedAsk(store.current, 'ホンダの関税影響はいくら？', { now: NOW })!;
    const en = answerQuestion(store.current, 'How big is Honda’s tariff hit?', { now: NOW });
    expect(ja.title).toBe('質問: ホンダの関税影響はいくら？');
    expect(ids(ja)[0]).toBe(en.figures[0].figure.id);
    expect(ja.body).toContain('3,850億円');
    expect(ja.body).toContain('公式');
    expect(ja.fields?.[0].name).toBe('出典');
    expect(ja.data?.citations).toEqual(en.citations.map((s) => ({ publisher: s.publisher, title: s.title, url: s.url, date: s.date })));
  });

  it('GIVEN a Japanese question the log cannot answer THEN a Japanese decline with no figure', () => {
    const r = localisedAsk(store.current, 'トヨタの2025年度の営業利益は？', { now: NOW })!;
    expect(r.title).toMatch(/^記録にありません: /);
    expect(r.data?.found).toBe(false);
    expect(r.data?.figures).toEqual([]);
    expect(r.body).toContain('推測はしません');
  });

  it('GIVEN the locale THEN it wins over the script; with none, the script decides; English in English is left to the English path', () => {
    expect(replyLocale(undefined, 'ホンダ')).toBe('ja');
    expect(replyLocale('en', 'ホンダ')).toBe('en');
    expect(localisedAsk(store.current, 'How big is Honda’s tariff hit?', { now: NOW })).toBeUndefined();
    const jaLocale = localisedAsk(store.current, 'How big is Honda’s tariff hit?', { now: NOW, locale: 'ja' })!;
    expect(jaLocale.title).toMatch(/^質問: /);
    const enLocale = localisedAsk(store.current, 'ホンダの関税影響はいくら？', { now: NOW, locale: 'en' })!;
    expect(enLocale.title).toBe('Q: ホンダの関税影響はいくら？');
    expect(ids(enLocale)).toEqual(ids(jaLocale));
  });
});

describe('GIVEN the Discord HTTP endpoint and a fake Discord', () => {
  let fake: FakeDiscord;
  let endpoint: DiscordHttpEndpoint;
  let client: SignedClient;
  const keys = testKeys();
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    endpoint = await startDiscordHttp({ publicKey: keys.publicKeyHex, port: 0, host: '127.0.0.1', token: 'test-token', applicationId: fake.appId, apiUrl: fake.apiUrl, store, registry: createRegistry(), now: () => NOW });
    client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, () => NOW);
  });
  afterAll(async () => {
    await endpoint?.stop();
    await fake?.close();
  });

  it('WHEN an ask interaction comes with locale ja THEN the embed is Japanese', async () => {
    const res = await client.post({ ...fake.slashCommand({ name: 'ask', options: { question: 'How big is Honda’s tariff hit?' } }), locale: 'ja', guild_locale: 'en-US' });
    expect(res.status).toBe(200);
    expect(res.json.data.embeds[0].title).toMatch(/^質問: /);
    expect(res.json.data.embeds[0].description).toContain('億円');
  });

  it('WHEN the user locale is not one we speak THEN the server locale (ja) is used', async () => {
    const res = await client.post({ ...fake.slashCommand({ name: 'ask', options: { question: 'How big is Honda’s tariff hit?' } }), locale: 'fr', guild_locale: 'ja' });
    expect(res.json.data.embeds[0].title).toMatch(/^質問: /);
  });
});

describe('GIVEN Slack with per-user locales (users.info on a fake Slack)', () => {
  let fake: FakeSlack;
  let slack: RunningSlack;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.addUser({ id: 'U0JA', locale: 'ja-JP' } as never);
    fake.addUser({ id: 'U0EN', locale: 'en-US' } as never);
    slack = await startSlack({ botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1', store, registry: createRegistry(), adminUserIds: [], now: () => NOW, locale: 'user', retryConfig: { retries: 0, minTimeout: 10, maxTimeout: 20 } });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.stop();
  });

  async function ask(user: string, text: string, id: string) {
    const res = await signedPost(slack.port!, slashCommand(text, fake.responseUrl(id), { user_id: user }));
    expect(res.status).toBe(200);
    const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined));
    return JSON.stringify(answer.body.blocks);
  }

  it('WHEN a Japanese user asks in English THEN the answer is Japanese; an English user asking in Japanese gets English with the same figure', async () => {
    const ja = await ask('U0JA', 'ask How big is Honda’s tariff hit?', 'ja-1');
    expect(ja).toContain('質問: ');
    expect(ja).toContain('3,850億円');
    const en = await ask('U0EN', 'ask ホンダの関税影響はいくら？', 'en-1');
    expect(en).toContain('Q: ホンダの関税影響はいくら？');
    expect(en).toContain('¥385 billion');
    expect(fake.callsOf('users.info').some((c) => c.params.include_locale === true || c.params.include_locale === 'true')).toBe(true);
  });

  it('WHEN users.info fails or the setting is fixed THEN a locale is still decided without throwing', async () => {
    expect(await slackLocaleResolver('ja', () => Promise.reject(new Error('x')))('U1')).toBe('ja');
    expect(await slackLocaleResolver('user', () => Promise.reject(new Error('x')))('U1')).toBeUndefined();
    expect(await slackLocaleResolver(undefined, () => Promise.resolve({ user: { locale: 'ja-JP' } }))('U1')).toBeUndefined();
  });
});
