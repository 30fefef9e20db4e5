const CONFIDENCE = /^[\s>*_#-]*confidence\s*\**\s*[:：]\s*\**\s*([0-9]*\.?[0-9]+)\s*(%)?/im;

/**
 * The confidence a participant gave on a `Confidence: 0.8` (or `Confidence: 80%`) line, clamped to
 * [0, 1], or `undefined`. The last such line wins. Used by confidence-weighted voting.
 *
 * @example
 * ```ts
 * extractConfidence('Final answer: 42\nConfidence: 85%'); // 0.85
 * ```
 */
export function extractConfidence(text: string): number | undefined {
  let found: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = CONFIDENCE.exec(line);
    if (!match) continue;
    let value = Number(match[1]);
    if (match[2] === '%' || value > 1) value /= 100;
    if (Number.isFinite(value)) found = Math.min(1, Math.max(0, value));
  }
  return found;
}
