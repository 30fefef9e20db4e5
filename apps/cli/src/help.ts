import { globalOptions, type OptionSpec } from './args/parse.js';
import type { Command } from './commands/registry.js';
import { wrap } from './render/text.js';

/**
 * `lead` then `text` wrapped within `width`, continuation lines under the text; on a terminal too
 * narrow for that, the text goes on its own lines under the lead.
 */
function hanging(lead: string, text: string, width: number): string[] {
  if (lead.length + text.length <= width) return [`${lead}${text}`];
  if (width - lead.length >= 24) {
    const [first = '', ...rest] = wrap(text, width - lead.length);
    return [`${lead}${first}`, ...rest.map((line) => `${' '.repeat(lead.length)}${line}`)];
  }
  return [lead.trimEnd(), ...wrap(text, width - 6).map((line) => `      ${line}`)];
}

function optionLines(specs: readonly OptionSpec[], width: number): string[] {
  return specs.flatMap((spec) => {
    const flags = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.value ? ` ${spec.value}` : ''}`;
    return hanging(`  ${flags.padEnd(34)} `, spec.description, width);
  });
}

/** Prose wrapped to the width (examples are not: they are copied whole). */
const prose = (text: string, width: number) => wrap(text, width);

/** Help for one command, within `width` columns (a terminal's; unlimited otherwise). */
export function commandHelp(command: Command, width = Number.POSITIVE_INFINITY): string {
  return [
    ...hanging('Usage: ', command.usage, width),
    '',
    ...prose(command.summary, width),
    '',
    ...(command.options.length > 0 ? ['Options:', ...optionLines(command.options, width), ''] : []),
    'Global options:',
    ...optionLines(globalOptions, width),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
    ...prose(exitCodes, width),
    '',
  ].join('\n');
}

const exitCodes =
  'Exit codes: 0 success, 1 a model failed, 2 usage or configuration error, 130 interrupted (Ctrl-C; 143 for SIGTERM).';

/** Help for the whole CLI, within `width` columns. */
export function mainHelp(
  commands: readonly Command[],
  version: string,
  width = Number.POSITIVE_INFINITY,
): string {
  return [
    ...prose(
      `trialogue ${version}: ask many language models at once, chat with them side by side, make them debate.`,
      width,
    ),
    '',
    'Usage: trialogue <command> [options]',
    '',
    'Commands:',
    ...commands.flatMap((command) => hanging(`  ${command.name.padEnd(8)} `, command.summary, width)),
    '',
    'Global options:',
    ...optionLines(
      [...globalOptions, { name: 'version', type: 'boolean', description: 'Print the version.' }],
      width,
    ),
    '',
    'Examples:',
    '  trialogue ask "Is P = NP?" -m openai:gpt-4.1-mini -m anthropic:claude-haiku-4-5',
    '  trialogue debate "Tabs or spaces?" --format roundtable -m openai:gpt-4.1-mini -m groq:llama-3.3-70b-versatile --yes',
    '  trialogue keys check',
    '',
    ...prose(
      'Keys come from OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY/GOOGLE_API_KEY, GROQ_API_KEY, OPENROUTER_API_KEY, ... then from the config file (trialogue keys set <provider>). With no key at all, a local Ollama (TRIALOGUE_OLLAMA_URL, default http://127.0.0.1:11434) is used when it answers.',
      width,
    ),
    ...prose('Base URLs: TRIALOGUE_BASE_URL_<PROVIDER>=url or --base-url provider=url.', width),
    '',
    ...prose("Run trialogue <command> --help for a command's options.", width),
    ...prose(exitCodes, width),
    '',
  ].join('\n');
}
