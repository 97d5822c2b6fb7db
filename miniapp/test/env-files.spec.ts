import path from 'node:path';
import { REQUIRED_TARO_APP_VARS, assertTaroAppEnv, definedEnvKeys } from '../config/env';

const appRoot = path.join(__dirname, '..');

describe('.env files', () => {
  it.each(['development', 'production', 'test'])('.env.%s defines every TARO_APP_* variable', (mode) => {
    expect(() => assertTaroAppEnv(appRoot, mode)).not.toThrow();
    const declared = [...definedEnvKeys(appRoot, mode)].filter((key) => key.startsWith('TARO_APP_')).sort();
    expect(declared).toEqual([...REQUIRED_TARO_APP_VARS].sort());
  });

  it('refuses a mode without an env file', () => {
    expect(() => assertTaroAppEnv(appRoot, 'no-such-mode')).toThrow(/TARO_APP_API_BASE/);
  });
});
