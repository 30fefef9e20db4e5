// Loaded with `node --import` before a README block runs: every request to a real provider goes to
// the fake provider server instead, and nothing else leaves the machine. Set by the README test:
//   TRIALOGUE_README_ROUTES  JSON [[realBaseURL, fakeBaseURL], ...]
// Loopback addresses not listed there (a server the block starts itself) are let through.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the README test for its child processes, not a turbo task
const routes = JSON.parse(process.env.TRIALOGUE_README_ROUTES ?? '[]');
const realFetch = globalThis.fetch;
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = function fetchThroughFake(input, init) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  for (const [real, fake] of routes) {
    if (url === real || url.startsWith(`${real}/`) || url.startsWith(`${real}?`)) {
      const target = fake + url.slice(real.length);
      return realFetch(input instanceof Request ? new Request(target, input) : target, init);
    }
  }
  if (loopback.has(new URL(url).hostname)) return realFetch(input, init);
  return Promise.reject(
    new TypeError(
      `README test: ${new URL(url).origin} is not reachable here (only the fake provider server is)`,
    ),
  );
};
