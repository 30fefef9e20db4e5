/**
 * In-page helpers for the safety tests: a `window.__xss` trap that payloads call instead of
 * `alert()` (and that `alert`, `prompt`, `confirm` and `print` are rebound to), and `__scan(root)`,
 * which walks a DOM tree through every open shadow root and lists anything that could run, load or
 * navigate: script-capable elements, event-handler and style attributes, and URL attributes other
 * than an `a[href]` with an `http:`, `https:` or `mailto:` URL.
 */

/** Rewrites a payload's `alert(1)`, `prompt\`1\``, ... into calls to the trap. */
export function trapPayload(payload: string): string {
  return payload.replace(/\b(?:alert|prompt|confirm|print)(?=\s*[(`])/g, '__xss');
}

/** Goes into the page with `page.addInitScript(inPageSupport)`. */
export const inPageSupport = `
  window.__xssCalls = [];
  window.__xss = (...args) => { window.__xssCalls.push(String(args[0])); };
  for (const name of ['alert', 'prompt', 'confirm', 'print']) window[name] = window.__xss;
  const urlAttributes = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'ping', 'codebase', 'cite', 'longdesc', 'lowsrc', 'dynsrc'];
  const forbiddenTags = new Set(['SCRIPT', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'FORM', 'INPUT', 'TEXTAREA', 'SELECT', 'SVG', 'MATH', 'STYLE', 'LINK', 'META', 'BASE', 'IMG', 'VIDEO', 'AUDIO', 'SOURCE', 'TRACK', 'PICTURE', 'TEMPLATE', 'NOSCRIPT', 'ISINDEX', 'APPLET', 'PORTAL', 'FENCEDFRAME']);
  window.__scan = (root, { allowImages = false } = {}) => {
    const problems = [];
    const visit = (node) => {
      for (const element of node.querySelectorAll('*')) {
        const tag = element.tagName.toUpperCase();
        if (forbiddenTags.has(tag) && !(allowImages && tag === 'IMG')) problems.push('element <' + tag.toLowerCase() + '>');
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          if (name.startsWith('on')) problems.push(tag + ' has ' + name);
          if (name === 'style') problems.push(tag + ' has a style attribute');
          if (!urlAttributes.includes(name) && !name.endsWith(':href')) continue;
          if (tag === 'A' && name === 'href') {
            let protocol = '';
            try { protocol = new URL(attribute.value).protocol; } catch {}
            if (!['http:', 'https:', 'mailto:'].includes(protocol)) problems.push('a[href=' + attribute.value + ']');
            else if (element.rel !== 'noopener noreferrer nofollow' || element.target !== '_blank') problems.push('a without rel/target: ' + attribute.value);
            continue;
          }
          if (allowImages && tag === 'IMG' && name === 'src') continue;
          problems.push(tag + '[' + name + '=' + attribute.value + ']');
        }
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(root);
    return problems;
  };
`;

/** A small seeded generator (mulberry32), so a failing split can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `text` into pieces of 1 to `max` characters (UTF-16 units, as a network read may). */
export function randomPieces(text: string, random: () => number, max = 12): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(random() * max);
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

const schemes = [
  'javascript:__xss(1)',
  'JaVaScRiPt:__xss(1)',
  'javascript:__xss%281%29',
  'javascript://%0a__xss(1)',
  ' javascript:__xss(1)',
  'java\tscript:__xss(1)',
  'java&#x09;script:__xss(1)',
  'java&Tab;script:__xss(1)',
  '&#106;avascript:__xss(1)',
  '&#x6A;&#x61;vascript:__xss(1)',
  '&#0000106avascript:__xss(1)',
  'javascript&colon;__xss(1)',
  'jav&#x61;script&#58;__xss(1)',
  '%6Aavascript:__xss(1)',
  'data:text/html,<script>__xss(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5fX3hzcygxKTwvc2NyaXB0Pg==',
  'DATA:text/html,%3Cscript%3E__xss(1)%3C/script%3E',
  'data:image/svg+xml,<svg onload=__xss(1)>',
  'vbscript:msgbox(1)',
  'VbScRiPt:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/x',
  '/relative/path',
];

/**
 * Every dangerous scheme in every markdown form that makes a link or an image: inline, angle-bracket
 * destination, with a title, reference (before and after its use, collapsed, shortcut), autolink,
 * raw HTML (`a`, `iframe`, `form`, `svg`, `img`), an image, and the same inside a list, a quote, a
 * table and a heading.
 */
export function dangerousLinkDocuments(): string[] {
  return schemes.flatMap(linkDocuments);
}

/** The documents of {@link dangerousLinkDocuments} for one URL. */
export function linkDocuments(url: string): string[] {
  const documents: string[] = [];
  {
    const inline = [`[click](${url})`, `[click](<${url}>)`, `[click](${url} "title")`, `![pic](${url})`];
    documents.push(
      ...inline,
      `[click][ref]\n\n[ref]: ${url}`,
      `[ref]: ${url}\n\n[click][ref] and [ref] and [ref][]`,
      `![pic][img]\n\n[img]: ${url}`,
      `<${url}>`,
      `see ${url} here`,
      `<a href="${url}">click</a>`,
      `<a href='${url}'>click</a> inline`,
      `<iframe src="${url}"></iframe>`,
      `<form action="${url}"><button formaction="${url}">go</button></form>`,
      `<svg><a xlink:href="${url}"><text>click</text></a></svg>`,
      `<img src="${url}" onerror="__xss(2)">`,
      `- ${inline[0]}\n- ${inline[3]}`,
      `> ${inline[0]}`,
      `| a |\n|---|\n| ${inline[0]} |`,
      `# ${inline[0]}`,
      `**${inline[0]}** ~~${inline[0]}~~`,
    );
  }
  return documents;
}

/** Remote images in each markdown form: none may be fetched without a click. */
export const remoteImageDocuments = [
  '![tracker](https://evil.example/pixel.png)',
  '![tracker](http://evil.example/pixel.png "title")',
  '![tracker][t]\n\n[t]: https://evil.example/ref.png',
  '[![linked](https://evil.example/in-link.png)](https://example.com)',
  '<img src="https://evil.example/html.png">',
  '<img srcset="https://evil.example/srcset.png 2x">',
  '<picture><source srcset="https://evil.example/source.png"></picture>',
  '<div style="background:url(https://evil.example/css.png)">styled</div>',
  '<style>*{background:url(https://evil.example/sheet.png)}</style>',
  '<link rel="stylesheet" href="https://evil.example/style.css">',
  '<svg><image href="https://evil.example/svg.png"/></svg>',
  '<video poster="https://evil.example/poster.png"></video>',
  '- ![in list](https://evil.example/list.png)\n\n| img |\n|---|\n| ![cell](https://evil.example/cell.png) |',
];

/** HTML inside code: shown as the exact text, never as elements. */
export function codeDocuments(payload: string): { markdown: string; code: string }[] {
  const single = payload.replace(/`/g, '');
  return [
    { markdown: '```html\n' + payload.replace(/```/g, '') + '\n```', code: payload.replace(/```/g, '') },
    { markdown: '~~~\n' + payload.replace(/~~~/g, '') + '\n~~~', code: payload.replace(/~~~/g, '') },
    ...(single.includes('\n') ? [] : [{ markdown: '`` ' + single + ' ``', code: single }]),
  ];
}

declare global {
  interface Window {
    /** Lists what in `root` could run, load or navigate (see inPageSupport). */
    __scan(root: ParentNode, options?: { allowImages?: boolean }): string[];
    /** What payloads passed to the trap. */
    __xssCalls: string[];
    /** The module the page loaded from dist/trialogue.js (set by the tests). */
    trialogue: typeof import('../src/script-tag.js');
  }
}
