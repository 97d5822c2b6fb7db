import fs from 'node:fs';
import path from 'node:path';

/**
 * Every TARO_APP_* variable the app reads. Each must be defined in the env files of every mode
 * (`.env.development`, `.env.production`, `.env.test`): Taro inlines only the variables it finds
 * in those files, and a missing one leaves a bare `process.env.X` in the bundle, which throws
 * "process is not defined" in h5. The build refuses to start instead.
 */
export const REQUIRED_TARO_APP_VARS = ['TARO_APP_ID', 'TARO_APP_API_BASE', 'TARO_APP_API_ORIGIN'] as const;

/** Keys defined by the files Taro loads for `mode` (same list and order as @tarojs/helper's dotenvParse). */
export function definedEnvKeys(appRoot: string, mode: string): Set<string> {
  const keys = new Set<string>();
  for (const file of ['.env', '.env.local', `.env.${mode}`, `.env.${mode}.local`]) {
    const fullPath = path.join(appRoot, file);
    if (!fs.existsSync(fullPath)) continue;
    for (const line of fs.readFileSync(fullPath, 'utf8').split(/\r?\n/)) {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
      if (match) keys.add(match[1]);
    }
  }
  return keys;
}

export function assertTaroAppEnv(appRoot: string, mode: string): void {
  const keys = definedEnvKeys(appRoot, mode);
  const missing = REQUIRED_TARO_APP_VARS.filter((name) => !keys.has(name));
  if (missing.length > 0) {
    throw new Error(
      `[miniapp] mode "${mode}": ${missing.join(', ')} not defined in .env.${mode} ` +
        `(every TARO_APP_* variable must be defined for every mode, even as an empty value)`,
    );
  }
}
