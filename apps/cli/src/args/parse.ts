/**
 * A small argument parser: declared options per command, `--name value`, `--name=value`, `-m value`,
 * repeatable lists, `--no-x` for booleans, and `--` to end options. Unknown options are usage errors.
 */

export type OptionType = 'boolean' | 'string' | 'number' | 'list';

/** One declared option. */
export interface OptionSpec {
  name: string;
  type: OptionType;
  short?: string;
  /** Shown in help: the value's placeholder (`<model>`). */
  value?: string;
  /** A string option whose value may be left out (`--resume` or `--resume ID`): then it is `true`. */
  optional?: boolean;
  description: string;
}

/** What the parser returns. */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | number | boolean | string[] | undefined>;
}

/** A usage error: the CLI prints it with a pointer to `--help` and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Options every command takes. */
export const globalOptions: OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'Show help for the command.' },
  { name: 'json', type: 'boolean', description: 'Write NDJSON events to stdout, one per line, for scripts.' },
  {
    name: 'color',
    type: 'boolean',
    description: 'Colours on a terminal (--no-color or NO_COLOR=1 turn them off).',
  },
  {
    name: 'verbose',
    short: 'v',
    type: 'boolean',
    description: 'Show request metadata on stderr (keys redacted).',
  },
  {
    name: 'raw',
    type: 'boolean',
    description: 'Print answers as the models wrote them (no rendered Markdown on a terminal).',
  },
  {
    name: 'base-url',
    type: 'list',
    value: '<provider=url>',
    description: 'Override a provider base URL (repeatable), e.g. openai=http://127.0.0.1:8080/v1.',
  },
];

/**
 * Parses argv against the option specs.
 *
 * @example
 * ```ts
 * parseArgs(['hi', '-m', 'openai:gpt-4.1-mini', '--json'], [{ name: 'model', short: 'm', type: 'list', description: '' }]);
 * // { positionals: ['hi'], options: { model: ['openai:gpt-4.1-mini'], json: true } }
 * ```
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [...globalOptions, ...specs];
  const byName = new Map(all.map((spec) => [spec.name, spec]));
  const byShort = new Map(all.filter((spec) => spec.short).map((spec) => [spec.short!, spec]));
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};

  const assign = (spec: OptionSpec, raw: string | undefined, flag: string) => {
    if (spec.type === 'boolean') {
      if (raw === undefined) options[spec.name] = true;
      else if (/^(true|1|yes)$/i.test(raw)) options[spec.name] = true;
      else if (/^(false|0|no)$/i.test(raw)) options[spec.name] = false;
      else throw new UsageError(`${flag} takes no value (got "${raw}").`);
      return;
    }
    if (raw === undefined)
      throw new UsageError(`${flag} needs a value${spec.value ? ` ${spec.value}` : ''}.`);
    if (spec.type === 'number') {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value))
        throw new UsageError(`${flag} needs a number (got "${raw}").`);
      options[spec.name] = value;
    } else if (spec.type === 'list') {
      const list = (options[spec.name] as string[] | undefined) ?? [];
      list.push(raw);
      options[spec.name] = list;
    } else {
      options[spec.name] = raw;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      let inline = eq < 0 ? undefined : arg.slice(eq + 1);
      let spec = byName.get(name);
      if (!spec && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean') {
        spec = byName.get(name.slice(3))!;
        name = spec.name;
        if (inline !== undefined) throw new UsageError(`--no-${name} takes no value.`);
        inline = 'false';
      }
      if (!spec) throw new UsageError(`Unknown option --${name}.${suggest(name, all)}`);
      if (inline === undefined && spec.optional) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('-')) {
          options[spec.name] = true;
          continue;
        }
      }
      if (inline === undefined && spec.type !== 'boolean') inline = takeValue(argv, ++i, `--${name}`);
      assign(spec, inline, `--${spec.name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const short = arg.slice(1, 2);
      const spec = byShort.get(short);
      if (!spec) throw new UsageError(`Unknown option -${short}.`);
      let inline: string | undefined = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      if (inline === undefined && spec.type !== 'boolean') inline = takeValue(argv, ++i, `-${short}`);
      assign(spec, inline, `-${short}`);
      continue;
    }
    positionals.push(arg);
  }
  return { positionals, options };
}

function takeValue(argv: readonly string[], index: number, flag: string): string {
  const value = argv[index];
  if (value === undefined || (value.startsWith('-') && value.length > 1 && !/^-\d/.test(value))) {
    throw new UsageError(`${flag} needs a value.`);
  }
  return value;
}

function suggest(name: string, specs: readonly OptionSpec[]): string {
  const close = closest(
    name,
    specs.map((spec) => spec.name),
  );
  return close ? ` Did you mean --${close}?` : '';
}

/** The candidate a typo most likely meant (at most two edits away), for "Did you mean" hints. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  return candidates.find((candidate) => distance(candidate.toLowerCase(), name.toLowerCase()) <= 2);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
