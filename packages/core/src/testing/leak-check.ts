/**
 * The longest run of consecutive characters of `secret` that `text` contains: a leak test's
 * measure, since `redact()` masks every run of 12 or more (`MIN_SECRET_RUN`). Meant for tests
 * (quadratic in the secret's length).
 *
 * @example
 * ```ts
 * longestSecretRun('key sk-abc...xyz', 'sk-abcdefghijklmnopxyz'); // 6
 * expect(longestSecretRun(JSON.stringify(request), CANARY)).toBeLessThan(MIN_SECRET_RUN);
 * ```
 */
export function longestSecretRun(text: string, secret: string): number {
  let longest = 0;
  for (let start = 0; start < secret.length; start++) {
    let end = start + longest + 1;
    while (end <= secret.length && text.includes(secret.slice(start, end))) {
      longest = end - start;
      end++;
    }
  }
  return longest;
}
