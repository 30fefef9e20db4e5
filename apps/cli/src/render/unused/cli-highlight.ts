/**
 * Bundled in place of `cli-highlight` (highlight.js and parse5, about 1.7 MB): `marked-terminal`
 * imports it for code blocks, which the CLI renders itself (see render/markdown.ts).
 */
export function highlight(code: string): string {
  return code;
}
