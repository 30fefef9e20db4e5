/**
 * Bundled in place of `node-emoji` (its emoji table is about 0.3 MB): `marked-terminal` imports it
 * for `:shortcode:` emoji, which the CLI turns off (model text is shown as written).
 */
export function get(_name: string): string | undefined {
  return undefined;
}
