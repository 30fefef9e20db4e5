/**
 * The URL rules for model output: links only `http:`, `https:` and `mailto:`; images only `http:` and
 * `https:` (and only after a click). Parsing goes through the WHATWG `URL` parser, the same one the
 * browser uses for `href`, so tabs, newlines, leading control characters and letter case cannot
 * disguise a scheme; HTML character references are decoded first, as CommonMark does for link
 * destinations, so `&#106;avascript:` is seen as the `javascript:` it is. The checked URL is what
 * goes into the attribute: nothing decodes it again.
 */

const linkProtocols = new Set(['http:', 'https:', 'mailto:']);
const imageProtocols = new Set(['http:', 'https:']);

// The named references a URL plausibly holds (HTML names are case-sensitive). Any other stays as
// written, which is safe: the decoded string is what goes into `href` (by setAttribute, which
// decodes nothing), so an undecoded `&name;` can only make a scheme unrecognisable, never dangerous.
const namedReferences: Record<string, string> = {
  amp: '&',
  AMP: '&',
  lt: '<',
  LT: '<',
  gt: '>',
  GT: '>',
  quot: '"',
  QUOT: '"',
  apos: "'",
  colon: ':',
  Tab: '\t',
  NewLine: '\n',
  sol: '/',
  bsol: '\\',
  num: '#',
  quest: '?',
  equals: '=',
  percnt: '%',
  plus: '+',
  period: '.',
  comma: ',',
  semi: ';',
  excl: '!',
  lpar: '(',
  rpar: ')',
  lowbar: '_',
  nbsp: '\u00a0',
};

/**
 * Decodes HTML character references (`&amp;`, `&#106;`, `&#x6A;`, `&colon;`) in a link destination,
 * as CommonMark says to. Plain string work: no HTML parser, no `innerHTML` (so it also runs under
 * Trusted Types, and in Node).
 */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{1,31}));/g,
    (reference, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return namedReferences[name] ?? reference;
      const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex!, 16);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    },
  );
}

function parse(href: string, allowed: Set<string>, decode: boolean): URL | undefined {
  let url: URL;
  try {
    // No base: a relative URL would resolve against the host page, which the model does not own.
    url = new URL((decode ? decodeEntities(href) : href).trim());
  } catch {
    return undefined;
  }
  return allowed.has(url.protocol) ? url : undefined;
}

/**
 * The link a model wrote, if it may be clickable: an absolute `http:`, `https:` or `mailto:` URL
 * (after entity decoding); anything else (`javascript:`, `data:`, `vbscript:`, relative paths) is
 * `undefined` and the link is shown as plain text. `decode: false` for autolinks, whose text is
 * literal.
 *
 * @example
 * ```ts fragment
 * safeLinkUrl('https://example.com/a')?.host; // "example.com"
 * safeLinkUrl('jav&#x09;ascript:alert(1)'); // undefined
 * ```
 */
export function safeLinkUrl(href: string | null | undefined, decode = true): URL | undefined {
  return href ? parse(href, linkProtocols, decode) : undefined;
}

/** The image URL a model wrote, if it may ever be loaded (on a click): absolute `http:` or `https:`. */
export function safeImageUrl(src: string | null | undefined): URL | undefined {
  return src ? parse(src, imageProtocols, true) : undefined;
}

/**
 * Whether `url` is from one of `origins` (`https://images.example.com`); with no list, any origin
 * may be loaded on a click.
 */
export function isAllowedImageOrigin(url: URL, origins: readonly string[] | undefined): boolean {
  if (!origins) return true;
  return origins.some((origin) => {
    try {
      return new URL(origin).origin === url.origin;
    } catch {
      return false;
    }
  });
}
