/**
 * `fake-server`: runs the fake provider server standalone, for the demo in a browser or for trying
 * a client by hand. `node dist/testing/cli.js --port 8787 [--valid-key K]... [--rate-limited-key K]...`
 */
import { parseArgs } from 'node:util';
import { FAKE_WIRES } from './script.js';
import { startFakeProviderServer } from './server.js';

// `pnpm run fake-server -- --port 8787` passes the `--` along: drop it.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();

const { values } = parseArgs({
  args: argv,
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'valid-key': { type: 'string', multiple: true },
    'rate-limited-key': { type: 'string', multiple: true },
    'fixtures-dir': { type: 'string' },
    text: { type: 'string' },
    'token-delay-ms': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: fake-server [--port 0] [--host 127.0.0.1] [--valid-key KEY]... [--rate-limited-key KEY]... [--fixtures-dir DIR]
                   [--text ANSWER] [--token-delay-ms MS] [--quiet]

Serves OpenAI, Anthropic, Gemini, Groq, OpenAI-compatible, OpenRouter and Ollama wire formats on
loopback, with a scripted answer for every generation request. Stop it with Ctrl-C.`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`fake-server: --port must be a number from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}

async function main(): Promise<void> {
  const server = await startFakeProviderServer({
    port,
    host: values.host,
    keepProcessAlive: true,
    validKeys: values['valid-key'],
    rateLimitedKeys: values['rate-limited-key'],
    fixturesDir: values['fixtures-dir'],
    defaultScript: {
      ...(values.text !== undefined ? { text: values.text } : {}),
      ...(values['token-delay-ms'] !== undefined ? { tokenDelayMs: Number(values['token-delay-ms']) } : {}),
    },
    // Log the route and status only: never headers or bodies (they carry keys).
    onRequest: values.quiet
      ? undefined
      : (request) => console.log(`${request.method} ${request.path} -> ${request.status}`),
  });

  console.log(`fake provider server listening on ${server.url}`);
  for (const wire of FAKE_WIRES) console.log(`  ${wire.padEnd(18)} ${server.baseURL(wire)}`);

  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`fake-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
