/** The Discord HTTP endpoint on 127.0.0.1 with a fake Discord, the real log and a signing client: the common setup. */
import { FakeDiscord } from '../fake-discord/server.js';
import { startDiscordHttp, type DiscordHttpEndpoint, type DiscordHttpOptions } from '../../src/platforms/discord/http.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { SignedClient, testKeys } from '../security/signing.js';

export interface TestEndpoint {
  fake: FakeDiscord;
  store: TimelineStore;
  endpoint: DiscordHttpEndpoint;
  client: SignedClient;
  close(): Promise<void>;
}

export async function startTestEndpoint(opts: Pick<DiscordHttpOptions, 'registry'> & Partial<DiscordHttpOptions> & { now?: () => Date }): Promise<TestEndpoint> {
  const keys = testKeys();
  const fake = await FakeDiscord.start();
  const store = opts.store ?? TimelineStore.open('data/events.json');
  const endpoint = await startDiscordHttp({ publicKey: keys.publicKeyHex, port: 0, token: 't', applicationId: fake.appId, apiUrl: fake.apiUrl, ...opts, store });
  const client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, opts.now);
  return {
    fake,
    store,
    endpoint,
    client,
    async close() {
      await endpoint.stop();
      await fake.close();
      store.close();
    },
  };
}
