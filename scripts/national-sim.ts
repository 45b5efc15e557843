/**
 * Runs the national single-window account simulator standalone.
 *
 *   npx tsx scripts/national-sim.ts [--port 4100] [--host 127.0.0.1] [--delay-ms 0]
 *
 * Then point the server at it: NATIONAL_ACCOUNT_URL=http://127.0.0.1:4100
 * See docs/national-account-simulator.md.
 */
import { parseArgs } from 'node:util';
import { nationalTestAccounts, nationalTestCards, nationalTestEnterprise } from '../apps/server/src/modules/identity/national-account/fixtures.ts';
import { NATIONAL_CARD_MAX_PIN_ATTEMPTS, startNationalSimulator } from '../apps/server/src/modules/identity/national-account/simulator.ts';

const USAGE = 'usage: npx tsx scripts/national-sim.ts [--port 4100] [--host 127.0.0.1] [--delay-ms 0]';

function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    console.error(`--${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '4100' },
      host: { type: 'string', default: '127.0.0.1' },
      'delay-ms': { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = integerOption('port', args.port, 0, 65535);
const delayMs = integerOption('delay-ms', args['delay-ms'], 0, 600_000);

/** Terminal width of a string: CJK and full-width characters take two columns. */
const columns = (s: string): number => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1), 0);
const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - columns(s)));

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const sim = await startNationalSimulator({ host: args.host, port, delayMs }).catch((error: NodeJS.ErrnoException) => {
  console.error(`Could not start the national account simulator on ${args.host}:${port}: ${error.code ?? error.message}`);
  process.exit(1);
});

console.log(`National account simulator listening on ${sim.url}`);
console.log(`  point the server at it with NATIONAL_ACCOUNT_URL=${sim.url}`);
if (delayMs > 0) console.log(`  answering POST /v1/verify after ${delayMs} ms`);
console.log('');
console.log('Accounts (administrator username + password):');
console.log(
  table(
    ['username', 'password', 'enterprise', 'USCC', 'note'],
    nationalTestAccounts.map((a) => {
      const e = nationalTestEnterprise(a.nationalId);
      return [a.username, a.password, e.name, e.uscc, a.note];
    }),
  ),
);
console.log('');
console.log(`Cards (card number + PIN; a card locks after ${NATIONAL_CARD_MAX_PIN_ATTEMPTS} consecutive wrong PINs until restart):`);
console.log(
  table(
    ['cardNo', 'PIN', 'enterprise', 'USCC', 'note'],
    nationalTestCards.map((c) => {
      const e = nationalTestEnterprise(c.nationalId);
      return [c.cardNo, c.pin, e.name, e.uscc, c.locked ? `LOCKED (${c.note})` : c.note];
    }),
  ),
);
console.log('\nPress Ctrl+C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
