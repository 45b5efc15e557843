import { setTimeout as sleep } from 'node:timers/promises';

import type { Logger } from 'pino';

import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { DEMO_PLATFORM_ADMIN_PASSWORD, demoAccounts, demoGateDevices, prepareDatabase } from './demo/seed.ts';
import { systemClock } from './platform/clock.ts';
import type { DatabaseHandle } from './platform/db.ts';
import type { Deps } from './platform/deps.ts';
import { inRepo } from './platform/repo-paths.ts';
import { setEventSendErrorHandler, startEventBus } from './platform/events.ts';
import { createNationalAccountClient, nationalTestAccounts, nationalTestCards, startNationalSimulator } from './modules/identity/national-account/index.ts';
import { startNoShowSweeper } from './modules/scheduling/index.ts';

export interface StartOptions {
  /** Work for once the server listens (the next fresh start's data directory); a shutdown waits for it. */
  afterListen?: () => Promise<void>;
}

/** The server process on an open database (main.ts opens it while this module loads). */
export async function startServer(config: Config, log: Logger, handle: DatabaseHandle, options: StartOptions = {}): Promise<void> {
  const simulator = config.nationalAccountUrl ? null : await startNationalSimulator({ host: '127.0.0.1', port: 0 });
  const nationalUrl = config.nationalAccountUrl ?? simulator!.url;
  setEventSendErrorHandler((error) => log.warn({ err: error }, 'live events not sent'));
  const events = await startEventBus(handle, { connectionString: config.databaseUrl ?? undefined, onError: (error) => log.warn({ err: error }, 'live events listener') });
  const deps: Deps = {
    events,
    db: handle.db,
    handle,
    clock: systemClock,
    config,
    national: createNationalAccountClient({ baseUrl: nationalUrl }),
    sleep: (ms) => sleep(ms),
  };

  const adminPassword = config.platformAdmin.password ?? DEMO_PLATFORM_ADMIN_PASSWORD;
  await prepareDatabase(deps, { username: config.platformAdmin.username, password: adminPassword }, config.seedDemo);

  const webDist = config.webDist ?? inRepo('apps', 'web', 'dist');
  const app = await buildApp(deps, { logger: log, webDist });
  await app.listen({ port: config.port, host: config.host });
  const stopSweeper = startNoShowSweeper(deps, { intervalMs: config.noShowSweepMs, onError: (error) => log.warn({ err: error }, 'no-show sweep failed') });

  if (config.demoMode) printBanner(config.port, config.platformAdmin.username, config.platformAdmin.password ? '(from PLATFORM_ADMIN_PASSWORD)' : adminPassword, nationalUrl);
  const afterListen = options.afterListen?.().catch((error: unknown) => log.warn({ err: error }, 'after-start work failed'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await simulator?.close();
    await stopSweeper();
    await events.close();
    await handle.close();
    await afterListen;
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function printBanner(port: number, adminUsername: string, adminPassword: string, nationalUrl: string): void {
  const rows: [string, string, string][] = [
    ['平台管理员 platform administrator', adminUsername, adminPassword],
    ...Object.values(demoAccounts).map((a) => [a.role, a.username, a.password] as [string, string, string]),
  ];
  const lines = [
    '',
    `cargo-window is running on http://localhost:${port}  (demo mode: embedded database)`,
    '',
    'Demo accounts:',
    ...rows.map(([role, user, pass]) => `  ${user.padEnd(14)} ${pass.padEnd(30)} ${role}`),
    '',
    'Demo gate lanes (npm run gate:sim -- --plate 京A12345 --lane IN1):',
    ...demoGateDevices.map((d) => `  ${d.gateCode.padEnd(5)} ${d.direction.padEnd(4)} device token ${d.token}`),
    '',
    `National account simulator: ${nationalUrl}`,
    ...nationalTestAccounts.slice(0, 2).map((a) => `  account ${a.username} / ${a.password}`),
    ...nationalTestCards.slice(0, 2).map((c) => `  card    ${c.cardNo} / PIN ${c.pin}`),
    '',
  ];
  console.log(lines.join('\n'));
}
