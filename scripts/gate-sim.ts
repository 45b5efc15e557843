// A gate lane without hardware: sends one plate read to POST /api/v1/gate/decisions as a lane
// device would, and prints the LED-board answer.
//   npm run gate:sim -- --plate 京A12345 --lane IN1            (demo lanes IN1 / OUT1 of PKX-ICT)
//   npm run gate:sim -- --plate 京A12345 --token cwd_... --url http://host:3000 [--read-id R] [--at ISO]
// --at is the device's time of the read, recorded with it; the platform judges at its own time.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { demoGateDevices } from '../apps/server/src/demo/seed.ts';

const { values } = parseArgs({
  options: {
    plate: { type: 'string' },
    lane: { type: 'string' },
    token: { type: 'string' },
    url: { type: 'string', default: process.env.CARGO_WINDOW_URL ?? 'http://localhost:3000' },
    'read-id': { type: 'string' },
    at: { type: 'string' },
  },
});

const lane = values.lane ? demoGateDevices.find((d) => d.gateCode.toLowerCase() === values.lane!.toLowerCase()) : undefined;
const token = values.token ?? process.env.GATE_DEVICE_TOKEN ?? lane?.token;
if (!values.plate || !token) {
  console.error('usage: npm run gate:sim -- --plate 京A12345 (--lane IN1|OUT1 | --token <device token>) [--url http://localhost:3000] [--read-id R] [--at ISO time]');
  console.error(`demo lanes: ${demoGateDevices.map((d) => `${d.gateCode} (${d.direction})`).join(', ')}`);
  process.exit(2);
}

const body = { plate: values.plate, readId: values['read-id'] ?? `sim-${randomUUID()}`, readAt: values.at ?? new Date().toISOString() };
const res = await fetch(`${values.url.replace(/\/$/, '')}/api/v1/gate/decisions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify(body),
});
const answer = await res.json();
if (!res.ok) {
  console.error(`${res.status} ${answer.code}: ${answer.title}`);
  process.exit(1);
}
const colour = answer.decision === 'lift' ? '\x1b[42;30m' : '\x1b[41;97m';
console.log(`${colour} ${answer.decision === 'lift' ? '抬杆 LIFT' : '拒绝 DENY'} \x1b[0m ${answer.code}  ${answer.message}${answer.appointmentNo ? `  预约编号 ${answer.appointmentNo}` : ''}`);
console.log(JSON.stringify({ request: body, answer }, null, 2));
