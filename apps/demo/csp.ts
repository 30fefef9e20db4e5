/**
 * The Content-Security-Policy of the built site, put in `index.html` as a meta tag by the Vite
 * config. Scripts only from the site itself (no inline script, no eval); connections only to the
 * providers' API hosts and to this machine (Ollama, LM Studio, the fake server of the tests);
 * images only from the site or data URLs; nothing else.
 */
export const PROVIDER_API_ORIGINS = [
  'https://api.openai.com',
  'https://api.anthropic.com',
  'https://generativelanguage.googleapis.com',
  'https://api.groq.com',
  'https://openrouter.ai',
  'https://api.deepseek.com',
  'https://api.mistral.ai',
  'https://api.x.ai',
  'https://api.together.xyz',
  'https://api.fireworks.ai',
  'https://api.cerebras.ai',
];

const LOCAL_ORIGINS = ['http://127.0.0.1:*', 'http://localhost:*'];

/** The policy of the built site. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  // No inline style attribute at all (style-src-attr falls back to this): the elements style
  // themselves through adopted style sheets and classes.
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  `connect-src 'self' ${[...PROVIDER_API_ORIGINS, ...LOCAL_ORIGINS].join(' ')}`,
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The dev server's policy: the same, plus what Vite's dev client needs (its HMR websocket and the
 * `<style>` tags it injects for CSS). Never shipped.
 */
export const devContentSecurityPolicy = contentSecurityPolicy
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:* ws://localhost:*");
