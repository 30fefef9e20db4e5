/**
 * `pnpm --filter @trialogue/bench size`: browser bundle sizes only (printed, not written).
 * Flags: --from=dist|src (default: dist when built, else src); --detail=<entry id> lists that
 * bundle's input files by their share of the minified output.
 */
import { renderSizes } from './src/report.js';
import { measureSizes } from './src/sizes.js';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sizes = await measureSizes({
  from: flag('from') as 'dist' | 'src' | undefined,
  log: (line) => console.log(line),
});
console.log(`\n${renderSizes(sizes)}`);
const detail = flag('detail');
const result = detail && sizes.results.find((r) => r.entry.id === detail);
if (result) {
  console.log(`\n${detail}: input files by minified bytes`);
  for (const [path, bytes] of result.inputs) console.log(`${String(bytes).padStart(8)}  ${path}`);
}
