import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { approve, createDraft, declare, filingBody, fleetOf, residentId, uniquePlate, vehicleRow } from './test-factories.ts';
import { assertNoticeSpeaksBothLanguages } from '../../testing/notices.ts';

type Account = { token: string; enterpriseId?: string };

let ctx: TestContext;
let a: Awaited<ReturnType<TestContext['enterprise']>>;
let b: Awaited<ReturnType<TestContext['enterprise']>>;
let reviewer: { token: string; id: string; username: string };
let filer: { token: string; username: string };
let noPermission: { token: string };

const url = '/api/v1/vehicle-filings';
const review = '/api/v1/review/vehicle-filings';

before(async () => {
  ctx = await createTestContext();
  [a, b] = await Promise.all([ctx.enterprise(), ctx.enterprise()]);
  const staff = await ctx.staff('reviewer');
  const me = await ctx.call('GET', '/api/v1/me', { token: staff.token });
  reviewer = { ...staff, username: me.json().user.username };
  filer = await ctx.operator(a.token, ['vehicle_filing']);
  noPermission = await ctx.operator(a.token, ['appointment', 'query']);
});
after(async () => {
  await ctx.close();
});

function fieldErrors(res: { json(): { errors?: { field: string; code: string }[] } }): Record<string, string> {
  return Object.fromEntries((res.json().errors ?? []).map((e) => [e.field, e.code]));
}

async function filingCount(account: Account): Promise<number> {
  const res = await ctx.call('GET', `${url}?limit=200`, { token: account.token });
  assert.equal(res.statusCode, 200);
  return res.json().items.length;
}

describe('who may call', () => {
  test('401 without a token', async () => {
    for (const [method, path] of [
      ['GET', url],
      ['POST', url],
      ['GET', `${url}/00000000-0000-4000-8000-000000000000`],
      ['GET', review],
      ['POST', `${review}/00000000-0000-4000-8000-000000000000/approve`],
      ['GET', '/api/v1/vehicles'],
    ] as const) {
      // A valid body: schema validation runs before the access check.
      const res = await ctx.call(method, path, method === 'POST' && path === url ? { body: filingBody() } : {});
      assert.equal(res.statusCode, 401, `${method} ${path}`);
      assert.equal(res.json().code, 'UNAUTHENTICATED');
    }
  });

  test('403 for an operator without the vehicle_filing permission', async () => {
    const draft = await createDraft(ctx, a.token);
    for (const [method, path, body] of [
      ['GET', url, undefined],
      ['POST', url, filingBody()],
      ['GET', `${url}/${draft.id}`, undefined],
      ['PUT', `${url}/${draft.id}`, filingBody()],
      ['POST', `${url}/${draft.id}/declare`, undefined],
      ['GET', `${url}/template.xlsx`, undefined],
      ['GET', `${url}/export.xlsx`, undefined],
      ['POST', `${url}/import`, undefined],
      ['POST', `/api/v1/vehicles/${draft.id}/cancel`, undefined],
    ] as const) {
      const res = await ctx.call(method, path, { token: noPermission.token, body });
      assert.equal(res.statusCode, 403, `${method} ${path}: ${res.body}`);
      assert.equal(res.json().code, 'FORBIDDEN');
    }
  });

  test('403 on review routes for anyone but a reviewer', async () => {
    const filing = await createDraft(ctx, a.token);
    await declare(ctx, a.token, filing.id);
    const platform = await ctx.platformToken();
    for (const token of [a.token, filer.token, platform]) {
      for (const [method, path, body] of [
        ['GET', review, undefined],
        ['GET', `${review}/${filing.id}`, undefined],
        ['POST', `${review}/${filing.id}/approve`, undefined],
        ['POST', `${review}/${filing.id}/return`, { reason: '资料不全' }],
      ] as const) {
        const res = await ctx.call(method, path, { token, body });
        assert.equal(res.statusCode, 403, `${method} ${path}`);
      }
    }
    const reviewerOnEnterpriseRoute = await ctx.call('GET', url, { token: reviewer.token });
    assert.equal(reviewerOnEnterpriseRoute.statusCode, 403);
  });

  test('404 for another enterprise\'s filing: GET, PUT, declare', async () => {
    const theirs = await createDraft(ctx, b.token);
    const get = await ctx.call('GET', `${url}/${theirs.id}`, { token: a.token });
    assert.equal(get.statusCode, 404);
    assert.equal(get.json().code, 'NOT_FOUND');
    const put = await ctx.call('PUT', `${url}/${theirs.id}`, { token: a.token, body: filingBody() });
    assert.equal(put.statusCode, 404);
    const declared = await ctx.call('POST', `${url}/${theirs.id}/declare`, { token: a.token });
    assert.equal(declared.statusCode, 404);
    const mine = await ctx.call('GET', `${url}/${theirs.id}`, { token: b.token });
    assert.equal(mine.json().status, 'draft', 'untouched');
    assert.equal((await ctx.call('GET', `${url}/not-a-uuid`, { token: a.token })).statusCode, 404);
    assert.equal((await ctx.call('GET', `${review}/not-a-uuid`, { token: reviewer.token })).statusCode, 404);
    assert.equal((await ctx.call('POST', `${review}/00000000-0000-4000-8000-000000000000/approve`, { token: reviewer.token })).statusCode, 404);
  });
});

describe('400: every bad field is marked, nothing is stored', () => {
  test('bad plate, bad ID, repeated plate, colour mismatch', async () => {
    const before = await filingCount(a);
    const twice = uniquePlate();
    const res = await ctx.call('POST', url, {
      token: a.token,
      body: filingBody([
        vehicleRow({ plate: '京A1234' }),
        vehicleRow({ driverIdNo: '110105194912310021' }),
        vehicleRow({ plate: twice }),
        vehicleRow({ plate: twice.toLowerCase() }),
        vehicleRow({ plateColor: 'green' }),
        vehicleRow({ plate: '京AD12345', plateColor: 'yellow' }),
      ]),
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'VALIDATION');
    assert.deepEqual(fieldErrors(res), {
      'vehicles.0.plate': 'PLATE_INVALID',
      'vehicles.1.driverIdNo': 'ID_NO_INVALID',
      'vehicles.3.plate': 'PLATE_DUPLICATE',
      'vehicles.4.plateColor': 'PLATE_COLOR_MISMATCH',
      'vehicles.5.plateColor': 'PLATE_COLOR_MISMATCH',
    });
    assert.equal(await filingCount(a), before);
  });

  test('messages follow the language; zh-CN by default', async () => {
    const body = filingBody([vehicleRow({ plate: 'bad' })]);
    const zh = await ctx.call('POST', url, { token: a.token, body });
    assert.equal(zh.json().errors[0].message, '车牌号格式错误');
    const en = await ctx.call('POST', url, { token: a.token, body, headers: { 'accept-language': 'en' } });
    assert.equal(en.json().errors[0].message, 'Invalid licence plate');
  });

  test('header, missing fields, empty body, too many rows', async () => {
    const res = await ctx.call('POST', url, {
      token: a.token,
      body: { header: { contactName: '王五', contactPhone: '123' }, vehicles: [{ plate: uniquePlate() }] },
    });
    assert.equal(res.statusCode, 400);
    const errors = fieldErrors(res);
    assert.equal(errors['header.contactPhone'], 'MOBILE_INVALID');
    for (const field of ['plateColor', 'vehicleType', 'ratedLoadKg', 'driverName', 'driverIdNo', 'driverPhone']) {
      assert.equal(errors[`vehicles.0.${field}`], 'REQUIRED', field);
    }
    const empty = await ctx.call('POST', url, { token: a.token, body: filingBody([]) });
    assert.equal(fieldErrors(empty).vehicles, 'REQUIRED');
    const many = Array.from({ length: 501 }, () => vehicleRow());
    const tooMany = await ctx.call('POST', url, { token: a.token, body: filingBody(many) });
    assert.equal(fieldErrors(tooMany).vehicles, 'TOO_LONG');
  });

  test('PUT validates the same way and keeps the stored body', async () => {
    const draft = await createDraft(ctx, a.token);
    const res = await ctx.call('PUT', `${url}/${draft.id}`, { token: a.token, body: filingBody([vehicleRow({ driverPhone: '12345' })]) });
    assert.equal(res.statusCode, 400);
    assert.equal(fieldErrors(res)['vehicles.0.driverPhone'], 'MOBILE_INVALID');
    const stored = await ctx.call('GET', `${url}/${draft.id}`, { token: a.token });
    assert.deepEqual(stored.json().vehicles, draft.vehicles);
  });

  test('plates are stored normalized and rows numbered 1..n', async () => {
    const draft = await createDraft(ctx, a.token, [vehicleRow({ plate: ' 京b·c1234 ' }), vehicleRow({ plate: '京ｂ２２２２２' }), vehicleRow()]);
    assert.deepEqual(draft.vehicles.slice(0, 2).map((v: { plate: string }) => v.plate), ['京BC1234', '京B22222']);
    assert.deepEqual(draft.vehicles.map((v: { seq: number }) => v.seq), [1, 2, 3]);
  });
});

describe('409: illegal transitions', () => {
  test('declare twice, PUT a declared filing, approve a draft, review twice', async () => {
    const draft = await createDraft(ctx, a.token);
    const approveDraft = await ctx.call('POST', `${review}/${draft.id}/approve`, { token: reviewer.token });
    assert.equal(approveDraft.statusCode, 409);
    assert.equal(approveDraft.json().code, 'FILING_NOT_REVIEWABLE');
    const returnDraft = await ctx.call('POST', `${review}/${draft.id}/return`, { token: reviewer.token, body: { reason: '不全' } });
    assert.equal(returnDraft.json().code, 'FILING_NOT_REVIEWABLE');

    await declare(ctx, a.token, draft.id);
    const again = await ctx.call('POST', `${url}/${draft.id}/declare`, { token: a.token });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'FILING_NOT_DECLARABLE');
    const put = await ctx.call('PUT', `${url}/${draft.id}`, { token: a.token, body: filingBody() });
    assert.equal(put.statusCode, 409);
    assert.equal(put.json().code, 'FILING_NOT_EDITABLE');

    await approve(ctx, reviewer.token, draft.id);
    const twice = await ctx.call('POST', `${review}/${draft.id}/approve`, { token: reviewer.token });
    assert.equal(twice.json().code, 'FILING_NOT_REVIEWABLE');
    const returnApproved = await ctx.call('POST', `${review}/${draft.id}/return`, { token: reviewer.token, body: { reason: '不全' } });
    assert.equal(returnApproved.json().code, 'FILING_NOT_REVIEWABLE');
    const putApproved = await ctx.call('PUT', `${url}/${draft.id}`, { token: a.token, body: filingBody() });
    assert.equal(putApproved.json().code, 'FILING_NOT_EDITABLE');
  });

  test('a return needs a reason of 1..500 characters', async () => {
    const filing = await createDraft(ctx, a.token);
    await declare(ctx, a.token, filing.id);
    for (const [body, code] of [[{}, 'REQUIRED'], [{ reason: '   ' }, 'REQUIRED'], [{ reason: '长'.repeat(501) }, 'TOO_LONG']] as const) {
      const res = await ctx.call('POST', `${review}/${filing.id}/return`, { token: reviewer.token, body });
      assert.equal(res.statusCode, 400);
      assert.equal(fieldErrors(res).reason, code);
    }
  });
});

describe('a plate is in at most one enterprise\'s active fleet', () => {
  test('create: refused with a field error on the row', async () => {
    const plate = uniquePlate();
    await fleetOf(ctx, b.token, reviewer.token, [vehicleRow({ plate })]);
    const res = await ctx.call('POST', url, { token: a.token, body: filingBody([vehicleRow(), vehicleRow({ plate })]) });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fieldErrors(res), { 'vehicles.1.plate': 'PLATE_IN_OTHER_FLEET' });
  });

  test('declare: refused when the plate joined another fleet after the draft was saved', async () => {
    const plate = uniquePlate();
    const draft = await createDraft(ctx, a.token, [vehicleRow({ plate })]);
    await fleetOf(ctx, b.token, reviewer.token, [vehicleRow({ plate })]);
    const res = await ctx.call('POST', `${url}/${draft.id}/declare`, { token: a.token });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'PLATE_IN_OTHER_FLEET');
    assert.deepEqual(fieldErrors(res), { 'vehicles.0.plate': 'PLATE_IN_OTHER_FLEET' });
    const stored = await ctx.call('GET', `${url}/${draft.id}`, { token: a.token });
    assert.equal(stored.json().status, 'draft');
  });

  test('approve: the first approval wins, the second is refused and nothing of it is stored', async () => {
    const plate = uniquePlate();
    const other = uniquePlate();
    const ours = await createDraft(ctx, a.token, [vehicleRow({ plate: other }), vehicleRow({ plate })]);
    const theirs = await createDraft(ctx, b.token, [vehicleRow({ plate })]);
    await declare(ctx, a.token, ours.id);
    await declare(ctx, b.token, theirs.id);
    await approve(ctx, reviewer.token, theirs.id);
    const res = await ctx.call('POST', `${review}/${ours.id}/approve`, { token: reviewer.token });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'PLATE_IN_OTHER_FLEET');
    assert.deepEqual(fieldErrors(res), { 'vehicles.1.plate': 'PLATE_IN_OTHER_FLEET' });
    const stored = await ctx.call('GET', `${review}/${ours.id}`, { token: reviewer.token });
    assert.equal(stored.json().status, 'declared');
    const fleet = await ctx.call('GET', `/api/v1/vehicles?plate=${encodeURIComponent(other)}`, { token: a.token });
    assert.equal(fleet.json().items.length, 0, 'the other row did not join either');
    // The reviewer can still send it back.
    const returned = await ctx.call('POST', `${review}/${ours.id}/return`, { token: reviewer.token, body: { reason: `${plate} 已被其他企业备案` } });
    assert.equal(returned.json().status, 'returned');
  });

  test('the database refuses a second active row for a plate, whatever the code does', async () => {
    const plate = uniquePlate();
    const approved = await fleetOf(ctx, b.token, reviewer.token, [vehicleRow({ plate })]);
    const row = await ctx.deps.db.selectFrom('vehicles').selectAll().where('plate', '=', plate).executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    await assert.rejects(
      ctx.deps.db.insertInto('vehicles').values({ ...copy, enterprise_id: a.enterpriseId, filing_id: approved.id }).execute(),
      (error: { code?: string }) => error.code === '23505',
    );
    // A cancelled row does not count.
    await ctx.deps.db.insertInto('vehicles').values({ ...copy, status: 'cancelled', cancelled_at: new Date(), filing_id: approved.id }).execute();
  });

  test('our own active vehicle comes back only as a change', async () => {
    const plate = uniquePlate();
    await fleetOf(ctx, a.token, reviewer.token, [vehicleRow({ plate })]);
    const res = await ctx.call('POST', url, { token: a.token, body: filingBody([vehicleRow({ plate })]) });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fieldErrors(res), { 'vehicles.0.plate': 'PLATE_IN_OWN_FLEET' });
  });
});

describe('the whole flow', () => {
  test('create → declare → return → notified → read → PUT → declare → approve → fleet → history', async () => {
    // A fresh enterprise, so its notifications are only this story's.
    const company = await ctx.enterprise();
    const clerk = await ctx.operator(company.token, ['vehicle_filing']);
    const [first, second] = [vehicleRow({ vin: 'LSVAU2180E2123456', permitNo: '110108012345' }), vehicleRow({ plate: uniquePlate('沪B'), plateColor: 'blue', vehicleType: 'refrigerated' })];
    const created = await ctx.call('POST', url, { token: clerk.token, body: filingBody([first, second], { remarks: '首批车辆' }) });
    assert.equal(created.statusCode, 201);
    const filing = created.json();
    assert.equal(filing.status, 'draft');
    assert.equal(filing.enterpriseId, company.enterpriseId);
    assert.equal(filing.header.contactName, '王五');
    assert.equal(filing.header.remarks, '首批车辆');
    assert.match(filing.header.enterpriseName, /测试物流有限公司/);
    assert.equal(filing.header.uscc.length, 18);
    assert.equal(filing.vehicles[0].vin, 'LSVAU2180E2123456');
    assert.equal(filing.vehicles[0].permitNo, '110108012345');

    const declared = await declare(ctx, clerk.token, filing.id);
    assert.equal(declared.status, 'declared');
    assert.ok(declared.declaredAt);
    assert.equal(declared.header.declarant, '操作员');

    const queue = await ctx.call('GET', `${review}?status=declared&limit=200`, { token: reviewer.token });
    const line = queue.json().items.find((item: { id: string }) => item.id === filing.id);
    assert.ok(line, 'in the reviewers\' queue');
    assert.deepEqual(line.plates, [first.plate, second.plate]);
    assert.equal(line.vehicleCount, 2);
    const seen = await ctx.call('GET', `${review}/${filing.id}`, { token: reviewer.token });
    assert.equal(seen.json().vehicles.length, 2);

    const returned = await ctx.call('POST', `${review}/${filing.id}/return`, { token: reviewer.token, body: { reason: '驾驶员身份证照片不清晰' } });
    assert.equal(returned.statusCode, 200);
    assert.equal(returned.json().status, 'returned');
    assert.equal(returned.json().returnReason, '驾驶员身份证照片不清晰');

    // Every user of the enterprise is told, each with their own unread notice.
    for (const token of [clerk.token, company.token]) {
      const count = await ctx.call('GET', '/api/v1/notifications/unread-count', { token });
      assert.deepEqual(count.json(), { count: 1 });
    }
    const list = await ctx.call('GET', '/api/v1/notifications?unread=true', { token: clerk.token });
    const [notice] = list.json().items;
    assert.equal(notice.kind, 'filing.returned');
    assert.equal(notice.title, '车辆备案被退回');
    assert.match(notice.body, /被退回：驾驶员身份证照片不清晰$/);
    assert.equal(notice.data.filingId, filing.id);
    assertNoticeSpeaksBothLanguages(notice);
    const read = await ctx.call('POST', `/api/v1/notifications/${notice.id}/read`, { token: clerk.token });
    assert.equal(read.statusCode, 200);
    assert.ok(read.json().readAt);
    assert.deepEqual((await ctx.call('GET', '/api/v1/notifications/unread-count', { token: clerk.token })).json(), { count: 0 });
    assert.deepEqual((await ctx.call('GET', '/api/v1/notifications/unread-count', { token: company.token })).json(), { count: 1 }, 'the administrator\'s copy is still unread');

    const fixed = { ...second, driverIdNo: residentId(456), driverName: '赵六' };
    const put = await ctx.call('PUT', `${url}/${filing.id}`, { token: clerk.token, body: filingBody([first, fixed]) });
    assert.equal(put.statusCode, 200);
    assert.equal(put.json().status, 'returned', 'an edit keeps it returned until declared');
    assert.equal(put.json().vehicles[1].driverName, '赵六');
    const redeclared = await declare(ctx, clerk.token, filing.id);
    assert.equal(redeclared.returnReason, null);

    const approved = await approve(ctx, reviewer.token, filing.id);
    assert.equal(approved.status, 'approved');
    assert.ok(approved.reviewedAt);
    assert.ok(approved.vehicles.every((v: { vehicleId: string | null }) => v.vehicleId));

    const fleet = await ctx.call('GET', '/api/v1/vehicles?limit=200', { token: clerk.token });
    const plates = fleet.json().items.map((v: { plate: string }) => v.plate);
    assert.ok(plates.includes(first.plate) && plates.includes(second.plate));
    const joined = fleet.json().items.find((v: { plate: string }) => v.plate === second.plate);
    assert.equal(joined.driverName, '赵六');
    assert.equal(joined.status, 'active');
    assert.equal(joined.filingId, filing.id);
    assert.equal(joined.vehicleType, 'refrigerated');

    const approvedNotice = await ctx.call('GET', '/api/v1/notifications?kind=filing.approved', { token: clerk.token });
    assert.equal(approvedNotice.json().items[0].title, '车辆备案审核通过');
    assertNoticeSpeaksBothLanguages(approvedNotice.json().items[0]);

    const detail = (await ctx.call('GET', `${url}/${filing.id}`, { token: company.token })).json();
    assert.deepEqual(
      detail.history.map((h: { action: string; actor: string; detail: string | null }) => [h.action, h.actor, h.detail]),
      [
        ['created', clerk.username, null],
        ['declared', clerk.username, null],
        ['returned', reviewer.username, '驾驶员身份证照片不清晰'],
        ['updated', clerk.username, null],
        ['declared', clerk.username, null],
        ['approved', reviewer.username, null],
      ],
    );
    assert.ok(detail.history.every((h: { at: string }) => !Number.isNaN(Date.parse(h.at))));

    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'actor_username', 'enterprise_id']).where('entity_id', '=', filing.id).orderBy('id').execute();
    assert.deepEqual(audit.map((row) => row.action), [
      'vehicle_filing.created',
      'vehicle_filing.declared',
      'vehicle_filing.returned',
      'vehicle_filing.updated',
      'vehicle_filing.declared',
      'vehicle_filing.approved',
    ]);
    assert.ok(audit.every((row) => row.enterprise_id === company.enterpriseId));
  });
});

describe('the list page', () => {
  test('filters by status and plate, pages newest first', async () => {
    const e = await ctx.enterprise();
    const plate = uniquePlate('粤B');
    const one = await createDraft(ctx, e.token);
    const two = await createDraft(ctx, e.token, [vehicleRow({ plate }), vehicleRow()]);
    const three = await createDraft(ctx, e.token);
    await declare(ctx, e.token, three.id);

    const all = await ctx.call('GET', url, { token: e.token });
    assert.deepEqual(all.json().items.map((f: { id: string }) => f.id).sort(), [one.id, two.id, three.id].sort());

    const drafts = await ctx.call('GET', `${url}?status=draft`, { token: e.token });
    assert.deepEqual(drafts.json().items.map((f: { id: string }) => f.id).sort(), [one.id, two.id].sort());
    const declared = await ctx.call('GET', `${url}?status=declared`, { token: e.token });
    assert.deepEqual(declared.json().items.map((f: { id: string }) => f.id), [three.id]);

    const byPlate = await ctx.call('GET', `${url}?plate=${encodeURIComponent(plate.toLowerCase())}`, { token: e.token });
    assert.deepEqual(byPlate.json().items.map((f: { id: string }) => f.id), [two.id]);

    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res = await ctx.call('GET', `${url}?limit=1${next ? `&after=${next}` : ''}`, { token: e.token });
      assert.equal(res.statusCode, 200);
      assert.ok(res.json().items.length <= 1);
      seen.push(...res.json().items.map((f: { id: string }) => f.id));
      next = res.json().next;
    } while (next);
    assert.deepEqual(seen, all.json().items.map((f: { id: string }) => f.id), 'pages add up to the whole list, in order');

    const badCursor = await ctx.call('GET', `${url}?after=nonsense`, { token: e.token });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(fieldErrors(badCursor).after, 'CURSOR_INVALID');
    const forged = Buffer.from(JSON.stringify(['yesterday', 'not-a-uuid'])).toString('base64url');
    assert.equal((await ctx.call('GET', `${url}?after=${forged}`, { token: e.token })).statusCode, 400);
    const badStatus = await ctx.call('GET', `${url}?status=archived`, { token: e.token });
    assert.equal(fieldErrors(badStatus).status, 'INVALID_VALUE');
  });

  test('declaration dates are Asia/Shanghai days', async () => {
    const realNow = new Date();
    try {
      // 2030-01-10 23:30 in Shanghai, then 00:30 on the 11th.
      ctx.clock.set('2030-01-10T15:30:00Z');
      const e = await ctx.enterprise();
      const late = await createDraft(ctx, e.token);
      await declare(ctx, e.token, late.id);
      ctx.clock.set('2030-01-10T16:30:00Z');
      const early = await createDraft(ctx, e.token);
      await declare(ctx, e.token, early.id);
      await createDraft(ctx, e.token);

      const ids = async (query: string) => (await ctx.call('GET', `${url}?${query}`, { token: e.token })).json().items.map((f: { id: string }) => f.id);
      assert.deepEqual(await ids('declaredFrom=2030-01-10&declaredTo=2030-01-10'), [late.id]);
      assert.deepEqual(await ids('declaredFrom=2030-01-11'), [early.id]);
      assert.deepEqual(await ids('declaredTo=2030-01-11'), [early.id, late.id]);
      assert.deepEqual(await ids('declaredFrom=2030-01-12'), []);
      const bad = await ctx.call('GET', `${url}?declaredFrom=2030-02-30`, { token: e.token });
      assert.equal(bad.statusCode, 400);
      assert.equal(fieldErrors(bad).declaredFrom, 'INVALID_VALUE');
    } finally {
      ctx.clock.set(realNow);
    }
  });

  test('another enterprise\'s filings never show', async () => {
    const theirs = await createDraft(ctx, b.token);
    const mine = await ctx.call('GET', `${url}?limit=200`, { token: a.token });
    assert.ok(!mine.json().items.some((f: { id: string }) => f.id === theirs.id));
  });

  test('the reviewers\' queue: declared filings of all enterprises, oldest first, paged', async () => {
    const first = await createDraft(ctx, a.token);
    const second = await createDraft(ctx, b.token);
    ctx.clock.advance(1000);
    await declare(ctx, b.token, second.id);
    ctx.clock.advance(1000);
    await declare(ctx, a.token, first.id);
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res = await ctx.call('GET', `${review}?limit=2${next ? `&after=${next}` : ''}`, { token: reviewer.token });
      const page = res.json();
      assert.ok(page.items.every((f: { status: string }) => f.status === 'declared'));
      seen.push(...page.items.map((f: { id: string }) => f.id));
      next = page.next;
    } while (next);
    assert.ok(seen.indexOf(second.id) < seen.indexOf(first.id), 'declared earlier, reviewed earlier');
    assert.equal(new Set(seen).size, seen.length);
    const drafts = await ctx.call('GET', `${review}?status=draft`, { token: reviewer.token });
    assert.equal(drafts.statusCode, 400, 'drafts are not the reviewers\' business');
  });
});
