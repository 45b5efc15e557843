import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import { errorCatalog } from '@cargo-window/contracts';

import { createTestContext, type TestContext } from '../../testing/test-app.ts';

/** The OpenAPI document against the answers the server gives: what a client generated from it meets. */
let ctx: TestContext;
interface Operation {
  security?: unknown[];
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: { Problem: { required: string[]; properties: { code: { enum: string[] } } } } } };
before(async () => {
  ctx = await createTestContext();
  doc = (await ctx.call('GET', '/api/v1/openapi.json')).json();
});
after(async () => {
  await ctx.close();
});

const operation = (path: string, method: string) => {
  const found = doc.paths[path]?.[method];
  assert.ok(found, `${method} ${path} is in the document`);
  return found;
};

/** The answer is a problem the document names for this operation, and it has the documented shape. */
function assertDocumented(res: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> }, path: string, method: string) {
  const documented = operation(path, method).responses[String(res.statusCode)];
  assert.ok(documented, `${method} ${path} documents ${res.statusCode}`);
  assert.deepEqual(Object.keys(documented.content ?? {}), ['application/problem+json']);
  assert.equal(documented.content!['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  const problem = doc.components.schemas.Problem;
  for (const field of problem.required) assert.ok(field in body, `the answer has ${field}`);
  assert.ok(problem.properties.code.enum.includes(String(body.code)), `${String(body.code)} is among the documented codes`);
  assert.equal(body.status, res.statusCode);
}

test('the Problem schema lists every code of the catalog', () => {
  assert.deepEqual(doc.components.schemas.Problem.properties.code.enum, Object.keys(errorCatalog));
});

test('the answers a client meets are documented for their route, with their shape', async () => {
  const enterprise = await ctx.enterprise();
  const other = await ctx.enterprise();

  const noLogin = await ctx.call('GET', `/api/v1/appointments/${randomUUID()}`);
  assert.equal(noLogin.statusCode, 401);
  assertDocumented(noLogin, '/api/v1/appointments/{id}', 'get');

  const draft = await ctx.call('GET', `/api/v1/appointments/${randomUUID()}`, { token: enterprise.token });
  assert.equal(draft.statusCode, 404);
  assertDocumented(draft, '/api/v1/appointments/{id}', 'get');

  const staffOnly = await ctx.call('GET', '/api/v1/admin/users', { token: other.token });
  assert.equal(staffOnly.statusCode, 403);
  assertDocumented(staffOnly, '/api/v1/admin/users', 'get');

  const badBody = await ctx.call('POST', '/api/v1/appointments', { token: enterprise.token, body: { flag: 'empty' } });
  assert.equal(badBody.statusCode, 400);
  assertDocumented(badBody, '/api/v1/appointments', 'post');

  const wrongPassword = await ctx.call('POST', '/api/v1/auth/login', { body: { username: enterprise.username, password: 'Wrong@2026x' } });
  assert.equal(wrongPassword.statusCode, 401);
  assertDocumented(wrongPassword, '/api/v1/auth/login', 'post');
});

test('public routes need no login in the document; the gate takes a device token', () => {
  assert.deepEqual(operation('/api/v1/auth/login', 'post').security, []);
  assert.deepEqual(operation('/api/v1/board', 'get').security, []);
  assert.deepEqual(operation('/api/v1/gate/decisions', 'post').security, [{ device: [] }]);
  assert.equal(operation('/api/v1/appointments', 'get').security, undefined, 'the document\'s session or bearer token');
  assert.equal(operation('/api/v1/auth/login', 'post').responses['409'], undefined, 'a login refuses no record\'s state');
  assert.equal(operation('/api/v1/gate/decisions', 'post').responses['409'], undefined, 'a deny is an answer, not a problem');
  assert.equal(operation('/api/v1/gate/decisions', 'post').responses['403'], undefined);
});

test("a route's own codes are listed under their status", () => {
  const submit = operation('/api/v1/appointments/{id}/submit', 'post').responses;
  for (const code of ['SLOT_FULL', 'SLOT_CLOSED', 'LEAD_TIME', 'VEHICLE_BUSY']) assert.match(submit['409'].description, new RegExp(`\`${code}\``));
  assert.match(submit['503'].description, /`BOOKING_BUSY`/);
  const login = operation('/api/v1/auth/login', 'post').responses;
  assert.match(login['401'].description, /`INVALID_CREDENTIALS`/);
  assert.match(login['423'].description, /`ACCOUNT_LOCKED`/);
  assert.match(login['429'].description, /`RATE_LIMITED`/);
  assert.match(operation('/api/v1/auth/register', 'post').responses['422'].description, /`NATIONAL_PASSWORD_WRONG`/);
});
