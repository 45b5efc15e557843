// Process-level test harness: real server processes (`node apps/server/dist/main.mjs`, the built server)
// on a fresh PostgreSQL database, an HTTP client that records what each caller saw, a TCP proxy
// that can cut the server off its database, and a live-events reader. Everything started here is
// tracked and stopped (and the database dropped with force) even when a test fails.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { repoRoot } from '../platform/repo-paths.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../testing/test-db.ts';

export const ROOT = repoRoot;
export const ADMIN_PASSWORD = 'Reliab1lity-admin-pass';

/** Why process-level tests skip on the embedded database (one process owns it; nothing to crash or share). */
export const postgresOnly = testEngine === 'postgres' ? false : 'process-level test: needs PostgreSQL (runs in the TEST_DB=postgres suite)';

/** RELIABILITY_DEBUG=1 narrates the tests' progress on stderr. */
export function progress(message: string): void {
  if (process.env.RELIABILITY_DEBUG) process.stderr.write(`[${new Date().toISOString()}] ${message}\n`);
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The last lines the server wrote, for failure messages. */
  output(): string;
  alive(): boolean;
  /** kill -9: no shutdown hook runs. */
  crash(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      return await spawnServer(databaseUrl, port, env);
    } catch (error) {
      if (attempt >= 2 || !/EADDRINUSE/.test(String((error as Error).message))) throw error;
    }
  }
}

async function spawnServer(databaseUrl: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  // The built server, as `npm start` runs it (the test runner builds it from the current sources).
  const child = spawn(process.execPath, ['--enable-source-maps', 'apps/server/dist/main.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PLATFORM_ADMIN_USERNAME: 'platform',
      PLATFORM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      WEB_DIST: path.join(ROOT, 'no-web-dist-for-tests'),
      AUTH_RATE_LIMIT: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 300) lines.splice(0, lines.length - 300);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), children.delete(child), resolve())));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`server exited during start:\n${lines.join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in 60 s:\n${lines.join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return {
    url,
    child,
    output: () => lines.join('\n'),
    alive: () => !exited,
    async crash() {
      if (exited) return;
      child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

/** What one HTTP call came back with — or that it never came back (`status: 0`). */
export interface Answer {
  status: number;
  body: any;
  contentType: string;
  retryAfter?: string | null;
  error?: string;
}

export async function call(base: string, method: string, url: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
  try {
    const res = await fetch(`${base}/api/v1${url}`, {
      method,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body, contentType: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    return { status: 0, body: null, contentType: '', error: String((error as Error).cause ?? error) };
  }
}

export async function expectOk(answer: Promise<Answer> | Answer, status: number, what: string): Promise<any> {
  const a = await answer;
  if (a.status !== status) throw new Error(`${what}: expected ${status}, got ${a.status} ${JSON.stringify(a.body)?.slice(0, 300)} ${a.error ?? ''}`);
  return a.body;
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

/** A fresh PostgreSQL database (a clone of the migrated template) that is dropped with force afterwards. */
export async function freshDatabase(): Promise<TestDatabase & { url: string }> {
  const database = await createTestDatabase();
  if (!database.url) throw new Error('process-level tests need PostgreSQL');
  return database as TestDatabase & { url: string };
}

/**
 * A TCP proxy between the server and PostgreSQL on 127.0.0.1. `cut()` resets every connection
 * and refuses new ones, as a database that went away; `restore()` lets them through again.
 */
export interface Proxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  let open = true;
  const shut = () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (!open) return resolve();
    open = false;
    server.close(() => resolve());
  });
  return {
    port,
    cut: shut,
    async restore() {
      if (open) return;
      await listen(port);
      open = true;
    },
    close: shut,
  };
}

/** A reader of `GET /api/v1/events` (server-sent events) with a bearer token. */
export interface EventReader {
  events: { type: string; data: any }[];
  waitFor(predicate: (event: { type: string; data: any }) => boolean, timeoutMs: number): Promise<{ type: string; data: any } | null>;
  close(): void;
}

export async function readEvents(base: string, token: string): Promise<EventReader> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  const events: { type: string; data: any }[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.getReader();
  let buffer = '';
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes(': connected')) connected();
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data !== undefined) {
            events.push({ type, data: JSON.parse(data) });
            for (const wake of waiters) wake();
          }
        }
      }
    } catch {
      // closed
    }
  })();
  await Promise.race([ready, sleep(5000)]);
  return {
    events,
    async waitFor(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) return null;
        await new Promise<void>((resolve) => {
          const wake = () => (waiters.delete(wake), clearTimeout(timer), resolve());
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    close: () => controller.abort(),
  };
}

/** The date (YYYY-MM-DD) in Beijing of an instant. */
export function beijingDate(at: Date): string {
  return at.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}
