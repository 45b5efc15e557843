import { test } from 'node:test';

import { ADMIN, checkPages, OPERATOR, operatorDraft } from './axe.ts';
import { serverAndBrowser } from './harness.ts';

/** Every page in zh-CN, as each role sees it, checked by axe-core (WCAG 2.1 AA; see axe.ts). English is in accessibility-en.test.ts. */
const e2e = serverAndBrowser();

test('signed out: login, registration (both forms), the public board and the phone login', async () => {
  await checkPages(e2e.server, e2e.browser, null, ['/login', '/register', '/register?form=standalone', '/register?form=national', '/board', '/m/login']);
});

test("the operator's pages: home, booking, the lists, an appointment, filing, fleet, notices, account", async () => {
  const draft = await operatorDraft(e2e.server);
  const paths = ['/', '/appointments', '/appointments/new', '/appointments/query', '/appointments?confirm=1', `/appointments/${draft}`, '/vehicle-filings', '/vehicle-filings/new', '/vehicles', '/notifications', '/account'];
  await checkPages(e2e.server, e2e.browser, OPERATOR, paths);
});

test('the phone pages: appointments, a pass, vehicles, notices, settings', async () => {
  const draft = await operatorDraft(e2e.server);
  await checkPages(e2e.server, e2e.browser, OPERATOR, ['/m', `/m/appointments/${draft}`, '/m/vehicles', '/m/notifications', '/m/me'], { phone: true });
});

test('the enterprise administrator, reviewer, terminal, gate and platform pages', async () => {
  await checkPages(e2e.server, e2e.browser, ADMIN, ['/enterprise', '/enterprise/operators', '/enterprise/security-keys']);
  await checkPages(e2e.server, e2e.browser, { username: 'reviewer', password: 'Review@2026' }, ['/review/vehicle-filings']);
  await checkPages(e2e.server, e2e.browser, { username: 'terminal_op', password: 'Terminal@2026' }, ['/terminal/dashboard', '/terminal']);
  await checkPages(e2e.server, e2e.browser, { username: 'gate_officer', password: 'Gate@2026' }, ['/gate', '/gate/simulator']);
  await checkPages(e2e.server, e2e.browser, { username: 'platform', password: 'Platform@2026' }, ['/admin/users', '/admin/terminals', '/admin/audit']);
});
