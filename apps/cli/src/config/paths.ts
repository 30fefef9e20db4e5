import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's config directory: `$TRIALOGUE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/trialogue`,
 * else `~/.config/trialogue`.
 */
export function configDir(env: Record<string, string | undefined>): string {
  if (env.TRIALOGUE_CONFIG_DIR) return env.TRIALOGUE_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'trialogue');
  return join(env.HOME || homedir(), '.config', 'trialogue');
}

/** The config file inside {@link configDir}. */
export function configFile(env: Record<string, string | undefined>): string {
  return join(configDir(env), 'config.json');
}
