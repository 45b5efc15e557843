import { z } from 'zod';

import { EMBEDDED_BUFFERS_MB } from './platform/embedded-buffers.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must be a postgres:// URL' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_DB_BUFFERS_MB: z.coerce.number().int().min(1).max(1024).default(EMBEDDED_BUFFERS_MB),
  PLATFORM_ADMIN_USERNAME: z.string().regex(/^[A-Za-z0-9_.-]{3,32}$/, 'must be 3–32 letters, digits, _ . -').optional(),
  PLATFORM_ADMIN_PASSWORD: z.string().optional(),
  NATIONAL_ACCOUNT_URL: z.string().url('must be an http(s) URL').optional(),
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(12),
  WEB_DIST: z.string().optional(),
  TRUST_PROXY: bool.optional(),
  AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  LIST_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  NO_SHOW_SWEEP_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
  WEBAUTHN_RP_ID: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a domain name (e.g. cargo.example.cn)').optional(),
  WEBAUTHN_ORIGIN: z
    .string()
    .refine((v) => /^https?:\/\/[^/]+\/?$/.test(v), { message: 'must be an origin: scheme and host, no path (e.g. https://cargo.example.cn)' })
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  /** The embedded database's buffer pool (PostgreSQL's shared_buffers), MB. */
  embeddedBuffersMb: number;
  demoMode: boolean;
  platformAdmin: { username: string; password: string | null };
  nationalAccountUrl: string | null;
  seedDemo: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionTtlMs: number;
  webDist: string | null;
  trustProxy: boolean;
  /** Login and registration attempts per client address per minute. */
  authRateLimit: number;
  /** Bytes of enterprise list pages kept to send again while unchanged (0: none kept). */
  listCacheBytes: number;
  /** How often this instance sweeps for no-shows (every instance may; each appointment is swept once). */
  noShowSweepMs: number;
  /** WebAuthn (卡介质) relying party; each null means "derived from the request's Host and protocol". */
  webauthnRpId: string | null;
  webauthnOrigin: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A password an operator could leave in production: short, or without both letters and digits. */
export function isWeakPassword(password: string): boolean {
  return password.length < 12 || !/[A-Za-z]/.test(password) || !/\d/.test(password);
}

/** Parses the environment once; every problem is reported together and stops the start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const demoMode = !e.DATABASE_URL;
  const adminPassword = e.PLATFORM_ADMIN_PASSWORD ?? null;
  if (!demoMode) {
    if (!adminPassword) throw new ConfigError('Invalid configuration:\n  PLATFORM_ADMIN_PASSWORD: required when DATABASE_URL is set');
    if (isWeakPassword(adminPassword)) {
      throw new ConfigError('Invalid configuration:\n  PLATFORM_ADMIN_PASSWORD: too weak (at least 12 characters with letters and digits)');
    }
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.DATA_DIR,
    embeddedBuffersMb: e.EMBEDDED_DB_BUFFERS_MB,
    demoMode,
    platformAdmin: { username: e.PLATFORM_ADMIN_USERNAME ?? 'platform', password: adminPassword },
    nationalAccountUrl: e.NATIONAL_ACCOUNT_URL ?? null,
    seedDemo: e.SEED_DEMO ?? demoMode,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    webDist: e.WEB_DIST ?? null,
    trustProxy: e.TRUST_PROXY ?? false,
    authRateLimit: e.AUTH_RATE_LIMIT,
    listCacheBytes: Math.round(e.LIST_CACHE_MB * 1024 * 1024),
    noShowSweepMs: Math.round(e.NO_SHOW_SWEEP_SECONDS * 1000),
    webauthnRpId: e.WEBAUTHN_RP_ID ?? null,
    webauthnOrigin: e.WEBAUTHN_ORIGIN?.replace(/\/$/, '') ?? null,
  };
}
