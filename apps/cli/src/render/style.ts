/** Colours, on only when the output is a terminal and neither `--no-color` nor `NO_COLOR` says otherwise. */
export interface Style {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  /** A colour per participant index, so a model keeps its colour across a session. */
  accent(index: number, text: string): string;
}

const code = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;
const accents = [36, 35, 33, 32, 34, 91];

/** Builds a {@link Style}. */
export function makeStyle(enabled: boolean): Style {
  if (!enabled) {
    return {
      enabled,
      bold: plain,
      dim: plain,
      red: plain,
      green: plain,
      yellow: plain,
      cyan: plain,
      accent: (_i, t) => t,
    };
  }
  return {
    enabled,
    bold: code(1, 22),
    dim: code(2, 22),
    red: code(31, 39),
    green: code(32, 39),
    yellow: code(33, 39),
    cyan: code(36, 39),
    accent: (index, text) => code(accents[index % accents.length]!, 39)(text),
  };
}

/** Whether colours are on: a terminal, no `NO_COLOR`, no `--no-color`, not `TERM=dumb`. */
export function colorEnabled(
  isTTY: boolean,
  env: Record<string, string | undefined>,
  flag: boolean | undefined,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (flag === true) return true;
  return isTTY && env.TERM !== 'dumb';
}
