import { test } from 'node:test';

import { checkPages, OPERATOR, operatorDraft } from './axe.ts';
import { serverAndBrowser } from './harness.ts';

/** The pages with the most words, in English: names of fields and buttons follow the language (axe-core; see axe.ts). */
const e2e = serverAndBrowser();

test("the operator's pages in English: home, booking, the lists, an appointment, filing, fleet, notices, account", async () => {
  const draft = await operatorDraft(e2e.server);
  const paths = ['/', '/appointments', '/appointments/new', '/appointments/query', '/appointments?confirm=1', `/appointments/${draft}`, '/vehicle-filings', '/vehicle-filings/new', '/vehicles', '/notifications', '/account'];
  await checkPages(e2e.server, e2e.browser, OPERATOR, paths, { language: 'en' });
});

test('the phone pages in English, and the public board', async () => {
  const draft = await operatorDraft(e2e.server);
  await checkPages(e2e.server, e2e.browser, OPERATOR, ['/m', `/m/appointments/${draft}`, '/m/vehicles', '/m/notifications', '/m/me'], { language: 'en', phone: true });
  await checkPages(e2e.server, e2e.browser, null, ['/board', '/login'], { language: 'en' });
});
