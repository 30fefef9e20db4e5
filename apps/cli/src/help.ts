import { globalOptions, type OptionSpec } from './args/parse.js';
import type { Command } from './commands/registry.js';

function optionLines(specs: readonly OptionSpec[]): string[] {
  return specs.map((spec) => {
    const flags = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.value ? ` ${spec.value}` : ''}`;
    return `  ${flags.padEnd(34)} ${spec.description}`;
  });
}

/** Help for one command. */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    '',
    ...(command.options.length > 0 ? ['Options:', ...optionLines(command.options), ''] : []),
    'Global options:',
    ...optionLines(globalOptions),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
    exitCodes,
    '',
  ].join('\n');
}

const exitCodes =
  'Exit codes: 0 success, 1 a model failed, 2 usage or configuration error, 130 interrupted (Ctrl-C).';

/** Help for the whole CLI. */
export function mainHelp(commands: readonly Command[], version: string): string {
  return [
    `trialogue ${version}: ask many language models at once, chat with them side by side, make them debate.`,
    '',
    'Usage: trialogue <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(8)} ${command.summary}`),
    '',
    'Global options:',
    ...optionLines(globalOptions),
    '      --version                      Print the version.',
    '',
    'Examples:',
    '  trialogue ask "Is P = NP?" -m openai:gpt-4.1-mini -m anthropic:claude-haiku-4-5',
    '  trialogue debate "Tabs or spaces?" --format roundtable -m openai:gpt-4.1-mini -m groq:llama-3.3-70b-versatile --yes',
    '  trialogue keys check',
    '',
    'Keys come from OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY/GOOGLE_API_KEY, GROQ_API_KEY,',
    'OPENROUTER_API_KEY, ... then from the config file (trialogue keys set <provider>). With no key at all,',
    'a local Ollama (TRIALOGUE_OLLAMA_URL, default http://127.0.0.1:11434) is used when it answers.',
    'Base URLs: TRIALOGUE_BASE_URL_<PROVIDER>=url or --base-url provider=url.',
    '',
    "Run trialogue <command> --help for a command's options.",
    exitCodes,
    '',
  ].join('\n');
}
