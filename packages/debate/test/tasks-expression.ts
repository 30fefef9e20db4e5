/**
 * Test helper: evaluates an arithmetic task's `a+b*c+d-e*f` with standard precedence, independently
 * of the generator, so tests can check its answers and scripted models can answer its questions.
 */
export function evaluateExpression(expression: string): number {
  const terms = expression.replace(/-/g, '+-').split('+');
  return terms.reduce((sum, term) => {
    const negative = term.startsWith('-');
    const product = (negative ? term.slice(1) : term).split('*').reduce((p, f) => p * Number(f), 1);
    return sum + (negative ? -product : product);
  }, 0);
}

/** The expression in an arithmetic task's question (or any text quoting it). */
export const expressionOf = (text: string) => /result of ([0-9+*-]+)\?/.exec(text)?.[1];
