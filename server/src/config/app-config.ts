import { randomBytes, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';

/** Everything the server reads from the environment, validated once at boot. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** `mysql` when DATABASE_URL is a mysql:// URL, otherwise the embedded SQLite file. */
  database:
    | {
        kind: 'mysql';
        url: string;
        host: string;
        port: number;
        username: string;
        password: string;
        database: string;
        /**
         * Connections one server process keeps (DATABASE_POOL_SIZE, default 32). A till request
         * holds one from its look-up to its COMMIT; with fewer connections than requests in flight
         * the rest queue in the process (at 32 tills, 20 connections: p90 11 ms of waiting) while
         * MariaDB could have grouped their commits. MySQL's max_connections must cover every
         * process's pool (docs/deploy.md).
         */
        poolSize: number;
      }
    | { kind: 'sqlite'; file: string };
  /**
   * A MySQL read replica for reports (DATABASE_REPLICA_URL; needs DATABASE_URL): the dashboard,
   * campaign results and the insight overview read it; everything else reads the primary.
   */
  replica: Extract<AppConfig['database'], { kind: 'mysql' }> | null;
  /** Secret for staff/member tokens and for encrypting POS key secrets at rest. */
  appSecret: string;
  redisUrl: string | null;
  timeZone: string;
  seedDemo: boolean;
  /**
   * `simulator`: WeChat login/phone/pay go through labelled simulators (demo, development, tests).
   * `real`: only real adapters; without their configuration the endpoints answer 503. Production
   * refuses anything but `real`.
   */
  integrationsMode: 'simulator' | 'real';
  /** Shorthand for `integrationsMode === 'simulator'`. */
  simulators: boolean;
  /** Daily jobs and the resume of interrupted campaign runs (SCHEDULER=0/1; on by default except in tests). */
  scheduler: boolean;
  /** How often each instance's scheduler ticks (SCHEDULER_TICK_SECONDS, default 60). */
  schedulerTickMs: number;
  /** BullMQ key prefix when REDIS_URL is set (QUEUE_PREFIX; instances of one deployment share it). */
  queuePrefix: string;
  /** Fastify `trustProxy`: false unless TRUST_PROXY says which proxies to believe for X-Forwarded-For. */
  trustProxy: boolean | string[];
  logLevel: string;
  /**
   * The SMS provider: Tencent Cloud SMS when its settings are given (TENCENT_SMS_*), the labelled
   * outbox simulator in simulator mode, otherwise none (SMS campaigns are refused).
   */
  sms: TencentSmsConfig | { provider: 'simulator' } | null;
  /** The mini-program's WeChat account (WECHAT_*): login, phone, table codes, subscribe messages. */
  wechat: WechatAppConfig | null;
  /** The WeChat Pay merchant (WECHATPAY_*): JSAPI payments, notifies, refunds. Needs `wechat`. */
  wechatPay: WechatPayConfig | null;
  /**
   * On SIGTERM: how long readiness answers 503 while requests are still served, so the load balancer
   * stops sending new ones before the server stops accepting (SHUTDOWN_GRACE_SECONDS; 5 in production).
   */
  shutdownGraceMs: number;
  /**
   * Server processes on this machine (WORKERS: a number, or `auto` for one per core; default 1).
   * Node runs JavaScript on one core; the processes share the port (node:cluster) and are separate
   * instances in every other way — what several machines behind a load balancer are. MySQL only.
   */
  workers: number;
  /** Static folders served by `pnpm start` (admin under /admin, miniapp h5 under /m). */
  adminDist: string | null;
  miniappDist: string | null;
}

export interface TencentSmsConfig {
  provider: 'tencent';
  secretId: string;
  secretKey: string;
  region: string;
  sdkAppId: string;
  signName: string;
  /** Template ids (approved in the Tencent console): marketing messages and service notices, one variable each. */
  templateMarketing: string;
  templateNotice: string;
  /** Where requests go (default Tencent's endpoint); e.g. an egress gateway, or the local fake in tests. */
  endpoint: string | null;
}

export interface WechatAppConfig {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com unless an egress gateway (or the local fake in tests) is in between. */
  apiBase: string;
  /** Which build a table code opens: release, trial or develop. */
  envVersion: 'release' | 'trial' | 'develop';
  /** Subscribe-message template ids chosen in the mini-program console, by what they announce. */
  templates: Partial<
    Record<'COUPON_ARRIVED' | 'COUPON_EXPIRING' | 'POINTS_EXPIRING' | 'TOPUP_SUCCEEDED', string>
  >;
}

export interface WechatPayConfig {
  mchId: string;
  /** The merchant API certificate's serial number (apiclient_cert.pem). */
  mchSerial: string;
  /** PEM of the merchant API private key (apiclient_key.pem). */
  privateKey: string;
  /** The APIv3 key (32 characters) that encrypts notifies. */
  apiV3Key: string;
  /** WeChat Pay's platform public key (or platform certificate) and its serial / key id. */
  platformPublicKey: string;
  platformSerial: string;
  /** Where WeChat Pay posts payment and refund results (https, reachable from the internet). */
  notifyUrl: string;
  apiBase: string;
}

export class ConfigError extends Error {}

function allOrNone(env: NodeJS.ProcessEnv, group: string, keys: readonly string[]): boolean {
  const given = keys.filter((k) => env[k]);
  if (!given.length) return false;
  const missing = keys.filter((k) => !env[k]);
  if (missing.length) throw new ConfigError(`${group} is partly configured: also set ${missing.join(', ')}`);
  return true;
}

function baseUrl(env: NodeJS.ProcessEnv, key: string, fallback: string): string {
  const v = env[key] || fallback;
  if (!/^https?:\/\/[^/]+\/?$/.test(v))
    throw new ConfigError(`${key} must be a URL such as ${fallback} (got ${v})`);
  return v.replace(/\/$/, '');
}

const TEMPLATE_KEYS = {
  COUPON_ARRIVED: 'WECHAT_TEMPLATE_COUPON_ARRIVED',
  COUPON_EXPIRING: 'WECHAT_TEMPLATE_COUPON_EXPIRING',
  POINTS_EXPIRING: 'WECHAT_TEMPLATE_POINTS_EXPIRING',
  TOPUP_SUCCEEDED: 'WECHAT_TEMPLATE_TOPUP_SUCCEEDED',
} as const;

function parseWechat(env: NodeJS.ProcessEnv): WechatAppConfig | null {
  if (!allOrNone(env, 'The WeChat mini-program', ['WECHAT_APPID', 'WECHAT_APPSECRET'])) return null;
  const envVersion = env.WECHAT_ENV_VERSION || 'release';
  if (!['release', 'trial', 'develop'].includes(envVersion))
    throw new ConfigError(`WECHAT_ENV_VERSION must be release, trial or develop (got ${envVersion})`);
  if (!/^wx[0-9a-f]{16}$/.test(env.WECHAT_APPID!))
    throw new ConfigError('WECHAT_APPID must be a mini-program AppID (wx + 16 hex characters)');
  const templates: WechatAppConfig['templates'] = {};
  for (const [name, key] of Object.entries(TEMPLATE_KEYS)) {
    const v = env[key];
    if (!v) continue;
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(v))
      throw new ConfigError(`${key} is not a subscribe-message template id`);
    templates[name as keyof typeof TEMPLATE_KEYS] = v;
  }
  return {
    appId: env.WECHAT_APPID!,
    appSecret: env.WECHAT_APPSECRET!,
    apiBase: baseUrl(env, 'WECHAT_API_BASE', 'https://api.weixin.qq.com'),
    envVersion: envVersion as WechatAppConfig['envVersion'],
    templates,
  };
}

function pemFrom(env: NodeJS.ProcessEnv, key: string): string {
  const file = env[key]!;
  if (!existsSync(file)) throw new ConfigError(`${key}: no file at ${file}`);
  const pem = readFileSync(file, 'utf8');
  if (!/-----BEGIN [A-Z ]+-----/.test(pem)) throw new ConfigError(`${key}: ${file} is not a PEM file`);
  return pem;
}

function parseWechatPay(env: NodeJS.ProcessEnv, wechat: WechatAppConfig | null): WechatPayConfig | null {
  const keys = [
    'WECHATPAY_MCHID',
    'WECHATPAY_MCH_SERIAL',
    'WECHATPAY_PRIVATE_KEY_FILE',
    'WECHATPAY_APIV3_KEY',
    'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE',
    'WECHATPAY_PLATFORM_SERIAL',
    'WECHATPAY_NOTIFY_URL',
  ] as const;
  if (!allOrNone(env, 'WeChat Pay', keys)) return null;
  if (!wechat)
    throw new ConfigError('WeChat Pay needs the mini-program too: set WECHAT_APPID and WECHAT_APPSECRET');
  if (!/^\d{8,12}$/.test(env.WECHATPAY_MCHID!))
    throw new ConfigError('WECHATPAY_MCHID must be the merchant number (digits)');
  if (Buffer.byteLength(env.WECHATPAY_APIV3_KEY!) !== 32)
    throw new ConfigError('WECHATPAY_APIV3_KEY must be the 32-character APIv3 key');
  const notifyUrl = env.WECHATPAY_NOTIFY_URL!;
  if (!/^https?:\/\/[^\s]+\/api\/wechatpay\/notify$/.test(notifyUrl))
    throw new ConfigError(
      `WECHATPAY_NOTIFY_URL must be this server's public address ending in /api/wechatpay/notify (got ${notifyUrl})`,
    );
  return {
    mchId: env.WECHATPAY_MCHID!,
    mchSerial: env.WECHATPAY_MCH_SERIAL!,
    privateKey: pemFrom(env, 'WECHATPAY_PRIVATE_KEY_FILE'),
    apiV3Key: env.WECHATPAY_APIV3_KEY!,
    platformPublicKey: pemFrom(env, 'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE'),
    platformSerial: env.WECHATPAY_PLATFORM_SERIAL!,
    notifyUrl,
    apiBase: baseUrl(env, 'WECHATPAY_API_BASE', 'https://api.mch.weixin.qq.com'),
  };
}

function parseSms(env: NodeJS.ProcessEnv, simulators: boolean): AppConfig['sms'] {
  const keys = {
    secretId: 'TENCENT_SMS_SECRET_ID',
    secretKey: 'TENCENT_SMS_SECRET_KEY',
    sdkAppId: 'TENCENT_SMS_SDK_APP_ID',
    signName: 'TENCENT_SMS_SIGN_NAME',
    templateMarketing: 'TENCENT_SMS_TEMPLATE_MARKETING',
    templateNotice: 'TENCENT_SMS_TEMPLATE_NOTICE',
  } as const;
  const given = Object.values(keys).filter((k) => env[k]);
  if (!given.length) return simulators ? { provider: 'simulator' } : null;
  const missing = Object.values(keys).filter((k) => !env[k]);
  if (missing.length)
    throw new ConfigError(`Tencent Cloud SMS is partly configured: also set ${missing.join(', ')}`);
  const endpoint = env.TENCENT_SMS_ENDPOINT || null;
  if (endpoint && !/^https?:\/\/[^/]+\/?$/.test(endpoint))
    throw new ConfigError(
      `TENCENT_SMS_ENDPOINT must be a URL such as https://sms.tencentcloudapi.com (got ${endpoint})`,
    );
  return {
    provider: 'tencent',
    secretId: env[keys.secretId]!,
    secretKey: env[keys.secretKey]!,
    sdkAppId: env[keys.sdkAppId]!,
    signName: env[keys.signName]!,
    templateMarketing: env[keys.templateMarketing]!,
    templateNotice: env[keys.templateNotice]!,
    region: env.TENCENT_SMS_REGION || 'ap-guangzhou',
    endpoint,
  };
}

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

function parseMysqlUrl(
  raw: string,
  name = 'DATABASE_URL',
): Extract<AppConfig['database'], { kind: 'mysql' }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (expected mysql://user:pass@host:port/db)`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError(`${name} protocol ${url.protocol} is not supported (use mysql://)`);
  }
  const database = url.pathname.replace(/^\//, '');
  if (!database) throw new ConfigError(`${name} must name a database: mysql://user:pass@host:port/db`);
  return {
    kind: 'mysql',
    url: raw,
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password || ''),
    database,
    poolSize: DEFAULT_POOL_SIZE,
  };
}

const DEFAULT_POOL_SIZE = 32;

function parsePoolSize(raw: string | undefined, db: 'mysql' | 'sqlite'): number {
  if (raw === undefined || raw === '') return DEFAULT_POOL_SIZE;
  if (db === 'sqlite')
    throw new ConfigError('DATABASE_POOL_SIZE needs DATABASE_URL: the SQLite file has one connection');
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 500)
    throw new ConfigError(`DATABASE_POOL_SIZE must be a whole number 1–500 (got ${raw})`);
  return n;
}

/**
 * A development secret is generated once and kept beside the SQLite file so tokens survive restarts.
 * Production must set APP_SECRET explicitly (fail fast).
 */
function devSecret(dataDir: string): string {
  const file = resolve(dataDir, '.app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseIntegrationsMode(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): 'simulator' | 'real' {
  const raw = env.INTEGRATIONS_MODE;
  if (nodeEnv === 'production') {
    if (raw !== undefined && raw !== 'real')
      throw new ConfigError(
        `INTEGRATIONS_MODE=${raw} is not allowed in production: the simulators are for the demo only (use INTEGRATIONS_MODE=real)`,
      );
    return 'real';
  }
  if (raw === undefined || raw === '' || raw === 'simulator') return 'simulator';
  if (raw === 'real') return 'real';
  throw new ConfigError(`INTEGRATIONS_MODE must be simulator or real (got ${raw})`);
}

/**
 * The demo chain is seeded when asked for (SEED_DEMO=1, which `npm run demo` sets) and, for a
 * zero-setup clone, by default in development. Never in production: asking for it there is refused.
 */
function parseSeedDemo(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): boolean {
  const raw = env.SEED_DEMO;
  if (raw !== undefined && raw !== '' && raw !== '0' && raw !== '1')
    throw new ConfigError(`SEED_DEMO must be 0 or 1 (got ${raw})`);
  if (nodeEnv === 'production') {
    if (raw === '1')
      throw new ConfigError('SEED_DEMO=1 is refused in production: the demo chain has published passwords');
    return false;
  }
  if (raw === '1') return true;
  if (raw === '0') return false;
  return nodeEnv === 'development';
}

function parseTrustProxy(raw: string | undefined): AppConfig['trustProxy'] {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  // A hop count trusts whoever connects: a client that reaches the port directly sends its own
  // X-Forwarded-For and becomes any address it likes (fastify 5.12 ignores hop counts — fails
  // closed — for that reason). Refused, so no deployment silently loses or keeps it.
  if (/^\d+$/.test(raw))
    throw new ConfigError(
      `TRUST_PROXY no longer takes a hop count (got ${raw}): a hop count cannot tell your load balancer from a client that connects directly and forges X-Forwarded-For. List the load balancers' IPs/CIDRs (e.g. TRUST_PROXY=10.0.0.0/8), or true if nothing but them can reach this port`,
    );
  const list = raw.split(',').map((s) => s.trim());
  if (!list.every((s) => /^[0-9a-fA-F.:/]+$/.test(s)))
    throw new ConfigError(
      `TRUST_PROXY must be true or a comma-separated list of proxy IPs/CIDRs (got ${raw})`,
    );
  return list;
}

function parseTick(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 60_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3600)
    throw new ConfigError(`SCHEDULER_TICK_SECONDS must be a whole number of seconds 1–3600 (got ${raw})`);
  return n * 1000;
}

function parseGrace(raw: string | undefined, nodeEnv: AppConfig['nodeEnv']): number {
  if (raw === undefined || raw === '') return nodeEnv === 'production' ? 5_000 : 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 120)
    throw new ConfigError(`SHUTDOWN_GRACE_SECONDS must be a whole number of seconds 0–120 (got ${raw})`);
  return n * 1000;
}

function parseWorkers(raw: string | undefined, db: 'mysql' | 'sqlite'): number {
  if (raw === undefined || raw === '' || raw === '1') return 1;
  const n = raw === 'auto' ? availableParallelism() : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new ConfigError(`WORKERS must be auto or a whole number 1–64 (got ${raw})`);
  if (n > 1 && db === 'sqlite')
    throw new ConfigError('WORKERS > 1 needs MySQL/MariaDB (DATABASE_URL): the SQLite file has one writer');
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got ${nodeEnv})`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT is invalid: ${env.PORT}`);

  const dataDir = resolve(env.DATA_DIR ?? resolve(REPO_ROOT, 'data'));
  const database = env.DATABASE_URL
    ? {
        ...parseMysqlUrl(env.DATABASE_URL),
        poolSize: parsePoolSize(env.DATABASE_POOL_SIZE, 'mysql'),
      }
    : ({ kind: 'sqlite', file: resolve(env.SQLITE_FILE ?? resolve(dataDir, 'tableside.sqlite')) } as const);
  if (database.kind === 'sqlite') parsePoolSize(env.DATABASE_POOL_SIZE, 'sqlite');
  if (database.kind === 'sqlite') mkdirSync(dirname(database.file), { recursive: true });
  if (env.DATABASE_REPLICA_URL && database.kind !== 'mysql')
    throw new ConfigError(
      'DATABASE_REPLICA_URL needs DATABASE_URL: a replica of the SQLite file is not a thing',
    );
  const replica = env.DATABASE_REPLICA_URL
    ? parseMysqlUrl(env.DATABASE_REPLICA_URL, 'DATABASE_REPLICA_URL')
    : null;

  let appSecret = env.APP_SECRET ?? '';
  if (!appSecret) {
    if (nodeEnv === 'production')
      throw new ConfigError('APP_SECRET is required in production (32+ random bytes, hex)');
    appSecret =
      nodeEnv === 'test' ? createHash('sha256').update('tableside-test').digest('hex') : devSecret(dataDir);
  }
  if (appSecret.length < 32) throw new ConfigError('APP_SECRET must be at least 32 characters');

  const timeZone = env.TZ_BUSINESS ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ConfigError(`TZ_BUSINESS is not a valid IANA time zone: ${timeZone}`);
  }

  const integrationsMode = parseIntegrationsMode(env, nodeEnv);
  const wechat = parseWechat(env);
  const seedDemo = parseSeedDemo(env, nodeEnv);

  const distOr = (p: string) => (existsSync(resolve(p, 'index.html')) ? p : null);
  return {
    nodeEnv,
    replica,
    port,
    host: env.HOST ?? '0.0.0.0',
    database,
    appSecret,
    redisUrl: env.REDIS_URL || null,
    timeZone,
    seedDemo,
    integrationsMode,
    simulators: integrationsMode === 'simulator',
    sms: parseSms(env, integrationsMode === 'simulator'),
    wechat,
    wechatPay: parseWechatPay(env, wechat),
    scheduler:
      env.SCHEDULER === undefined || env.SCHEDULER === '' ? nodeEnv !== 'test' : env.SCHEDULER === '1',
    schedulerTickMs: parseTick(env.SCHEDULER_TICK_SECONDS),
    queuePrefix: env.QUEUE_PREFIX || 'tableside',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    shutdownGraceMs: parseGrace(env.SHUTDOWN_GRACE_SECONDS, nodeEnv),
    workers: parseWorkers(env.WORKERS, database.kind),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    adminDist: distOr(env.ADMIN_DIST ?? resolve(REPO_ROOT, 'admin', 'dist')),
    miniappDist: distOr(env.MINIAPP_DIST ?? resolve(REPO_ROOT, 'miniapp', 'dist', 'h5')),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
