import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify';

import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { settableClock } from '../platform/clock.ts';
import { cheapPasswordHashesForTests } from '../platform/passwords.ts';
import { startEventBus } from '../platform/events.ts';
import type { Deps } from '../platform/deps.ts';
import { bootstrapPlatformAdmin } from '../modules/identity/index.ts';
import { createNationalAccountClient, startNationalSimulator } from '../modules/identity/national-account/index.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { standaloneRegistration, uniqueUsername } from './factories.ts';

export const PLATFORM_ADMIN = { username: 'platform', password: 'Platform@2026' };

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  clock: ReturnType<typeof settableClock>;
  database: TestDatabase;
  nationalUrl: string;
  /** Every delay the login throttle asked for, instead of sleeping. */
  sleeps: number[];
  close(): Promise<void>;
  login(username: string, password: string): Promise<string>;
  /** Registers a standalone enterprise and logs its administrator in. */
  enterprise(): Promise<{ token: string; enterpriseId: string; userId: string; username: string; password: string }>;
  operator(adminToken: string, permissions: string[]): Promise<{ token: string; id: string; username: string; password: string }>;
  staff(role: 'reviewer' | 'terminal_operator' | 'gate_officer', terminalId?: string): Promise<{ token: string; id: string }>;
  platformToken(): Promise<string>;
  call(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
}

export interface TestContextOptions {
  /** Extra environment for loadConfig (e.g. `{ AUTH_RATE_LIMIT: '3' }`); it wins over the test defaults. */
  env?: Record<string, string>;
  /** A pino logger for the app's request logs (e.g. writing to a stream a test reads). */
  logger?: FastifyBaseLogger;
}

/** A whole server on its own fresh database, with a national-account simulator over real HTTP. */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  cheapPasswordHashesForTests();
  const database = await createTestDatabase();
  const simulator = await startNationalSimulator({ host: '127.0.0.1', port: 0 });
  const clock = settableClock(new Date());
  const sleeps: number[] = [];
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', AUTH_RATE_LIMIT: '10000', ...options.env });
  const events = await startEventBus(database.handle, { connectionString: database.url ?? undefined });
  const deps: Deps = {
    events,
    db: database.handle.db,
    handle: database.handle,
    clock,
    config,
    national: createNationalAccountClient({ baseUrl: simulator.url, timeoutMs: 2000 }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  await bootstrapPlatformAdmin(deps, PLATFORM_ADMIN);
  const app = await buildApp(deps, options.logger ? { logger: options.logger } : {});
  await app.ready();

  const call: TestContext['call'] = (method, url, options = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });

  const login = async (username: string, password: string) => {
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return res.json().token as string;
  };

  let platformToken: string | null = null;
  const ctx: TestContext = {
    app,
    deps,
    clock,
    database,
    nationalUrl: simulator.url,
    sleeps,
    call,
    login,
    async close() {
      await app.close();
      await simulator.close();
      await events.close();
      await database.drop();
    },
    async enterprise() {
      const body = standaloneRegistration();
      const res = await call('POST', '/api/v1/auth/register', { body });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      const created = res.json();
      const token = await login(body.admin.username, body.admin.password);
      return { token, enterpriseId: created.enterprise.id, userId: created.user.id, username: body.admin.username, password: body.admin.password };
    },
    async operator(adminToken, permissions) {
      const username = uniqueUsername('op');
      const password = 'Operat0r!x';
      const res = await call('POST', '/api/v1/enterprise/operators', { token: adminToken, body: { username, password, name: '操作员', permissions } });
      if (res.statusCode !== 201) throw new Error(`operator failed: ${res.statusCode} ${res.body}`);
      return { token: await login(username, password), id: res.json().id, username, password };
    },
    async staff(role, terminalId) {
      const username = uniqueUsername(role);
      const password = 'Staff0r!xy';
      const res = await call('POST', '/api/v1/admin/users', { token: await ctx.platformToken(), body: { username, password, name: '平台人员', role, terminalId } });
      if (res.statusCode !== 201) throw new Error(`staff failed: ${res.statusCode} ${res.body}`);
      return { token: await login(username, password), id: res.json().id };
    },
    async platformToken() {
      // Tests move the clock: a cached session may have expired since.
      if (platformToken && (await call('GET', '/api/v1/me', { token: platformToken })).statusCode === 200) return platformToken;
      platformToken = await login(PLATFORM_ADMIN.username, PLATFORM_ADMIN.password);
      return platformToken;
    },
  };
  return ctx;
}
