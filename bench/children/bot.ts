/**
 * The bot alone, in its own process, for the end-to-end benchmarks (the fake Discord and the client
 * side run in the parent, so each side has its own core):
 *   --mode gateway --api-url http://127.0.0.1:P/api     real discord.js Client → fake Discord
 *   --mode http --public-key <hex> --api-url …          HTTP interactions endpoint on 127.0.0.1
 * Prints `READY <port>` once it can answer (the answer and autocomplete indexes are built and the engine warmed up
 * first, and the garbage that leaves collected, as `npm start` does). Exits when stdin closes.
 */
import { TimelineStore } from '../../src/timeline/store.js';
import { commandRegistry } from '../../commands/index.js';
import { eventChoices, indexOf } from '../../src/answers/index.js';
import { warmUp } from '../../src/answers/warm.js';
import { collectGarbage } from '../../src/memory.js';
import { startDiscordGateway } from '../../src/platforms/discord/gateway.js';
import { startDiscordHttp } from '../../src/platforms/discord/http.js';
import { BENCH_LIMITS, argValue, HOST } from '../lib.js';

const mode = argValue('mode', 'gateway');
const apiUrl = argValue('api-url')!;
const store = TimelineStore.open(argValue('events', 'data/events.json')!, BENCH_LIMITS);
indexOf(store.current);
eventChoices(store.current, '');
await warmUp(store.current);
// and collects the garbage that leaves, as the bot does (the bench runs this child with --expose-gc, as `npm start` runs node)
collectGarbage();
const registry = commandRegistry();

let stop: () => Promise<void>;
let port = 0;
if (mode === 'http') {
  const endpoint = await startDiscordHttp({
    publicKey: argValue('public-key')!,
    port: 0,
    host: HOST,
    token: 'bench-token',
    applicationId: argValue('app-id', '1100000000000000001')!,
    apiUrl,
    store,
    registry,
  });
  port = endpoint.port;
  stop = () => endpoint.stop();
} else {
  const gateway = await startDiscordGateway({ token: 'bench-token', apiUrl, store, registry });
  stop = () => gateway.stop();
}
process.stdout.write(`READY ${port}\n`);

const bye = async () => {
  await stop().catch(() => undefined);
  store.close();
  process.exit(0);
};
process.stdin.on('end', () => void bye());
process.stdin.resume();
process.on('SIGTERM', () => void bye());
