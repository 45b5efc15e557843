import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import pino from 'pino';

import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { demoAccounts, demoGateDevices, seedDemo } from './demo/seed.ts';
import { anonymousActor } from './platform/actor.ts';
import { systemClock } from './platform/clock.ts';
import type { Deps } from './platform/deps.ts';
import { openDatabase } from './platform/open-database.ts';
import { startEventBus } from './platform/events.ts';
import { bootstrapPlatformAdmin } from './modules/identity/index.ts';
import { createNationalAccountClient, nationalTestAccounts, nationalTestCards, startNationalSimulator } from './modules/identity/national-account/index.ts';
import { startNoShowSweeper } from './modules/scheduling/index.ts';

const DEMO_PLATFORM_ADMIN_PASSWORD = 'Platform@2026';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onPoolError: (error) => log.warn({ err: error }, 'database connection lost') });

  const simulator = config.nationalAccountUrl ? null : await startNationalSimulator({ host: '127.0.0.1', port: 0 });
  const nationalUrl = config.nationalAccountUrl ?? simulator!.url;
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
  await bootstrapPlatformAdmin(deps, { username: config.platformAdmin.username, password: adminPassword });
  if (config.seedDemo) {
    const admin = await handle.db.selectFrom('users').select(['id', 'username']).where('role', '=', 'platform_admin').executeTakeFirstOrThrow();
    await seedDemo(deps, { ...anonymousActor(null), userId: admin.id, username: admin.username, role: 'platform_admin' });
  }

  const webDist = config.webDist ?? fileURLToPath(new URL('../../web/dist/', import.meta.url));
  const app = await buildApp(deps, { logger: log, webDist });
  await app.listen({ port: config.port, host: config.host });
  const stopSweeper = startNoShowSweeper(deps, { intervalMs: config.noShowSweepMs, onError: (error) => log.warn({ err: error }, 'no-show sweep failed') });

  if (config.demoMode) printBanner(config.port, config.platformAdmin.username, config.platformAdmin.password ? '(from PLATFORM_ADMIN_PASSWORD)' : adminPassword, nationalUrl);

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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
