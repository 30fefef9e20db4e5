import type { Plugin } from 'esbuild';

/** Resolves `@trialogue/<name>[/<subpath>]` to the package's sources. */
export declare const fromSources: Plugin;

/** Builds the script-tag file (or, with `entry`/`outfile`, any entry the same way). */
export declare function buildScriptTag(options?: {
  entry?: string;
  outfile?: string;
  minify?: boolean;
}): Promise<void>;
