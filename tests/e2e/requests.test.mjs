// The register of data-subject requests in a real browser: from a person's Privacy tab, register
// a request received long ago, see it on the requests list with its due date and marked overdue,
// move it on, meet the error of a rejection without a reason, reject it with one, and find it
// all on the Privacy tab with the person's audit trail; the start page charts the open requests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { collectPageErrors } from './lib/browser.mjs';
import { api, expectAccessible, logIn, serverAndBrowser, withPage } from './lib/pages.mjs';

// Received on Thursday 15 January 2026: one month on is Sunday 15 February, so it is due on
// Monday 16 February — long past on any day this test runs.
const RECEIVED = '2026-01-15';
const DUE = '2026-02-16';

describe('requests', { timeout: 180_000 }, () => {
  const running = serverAndBrowser();

  test('register from the Privacy tab, see it on the list, move it on', { timeout: 120_000 }, () =>
    withPage(running.browser, async (page) => {
      const errors = collectPageErrors(page);
      const base = running.server.baseUrl;
      await logIn(page, base);
      const person = await api(page, 'POST', `${base}/api/v1/persons`, {
        first_name: 'Kari',
        last_name: 'Nordmann',
        email: 'kari@example.no',
      });

      // The person's page leads to the Privacy tab, and from there to the form.
      await page.goto(`${base}/persons/${person.id}`);
      await page.getByRole('link', { name: 'Privacy', exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/persons/${person.id}/privacy`);
      assert.match(await page.locator('main').innerText(), /This person has made no requests\./);
      await expectAccessible(page, 'the Privacy tab without requests');
      await page.getByRole('link', { name: 'Register a request' }).click();
      await page.waitForURL((url) => url.pathname === '/requests/new' && url.searchParams.get('person_id') === String(person.id));
      assert.match(await page.locator('form[action="/requests"]').innerText(), /Kari Nordmann/);
      await expectAccessible(page, '/requests/new for a person');

      await page.getByLabel('Type').selectOption('erasure');
      await page.getByLabel('Channel').selectOption('phone');
      await page.getByLabel('Received').fill(RECEIVED);
      await page.getByLabel('Note').fill('Asked on the phone to be forgotten.');
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await page.waitForURL((url) => /^\/requests\/\d+$/.test(url.pathname) && url.search === '?saved=1');
      const requestPath = new URL(page.url()).pathname;
      const due = page.locator('dd', { has: page.locator(`time[datetime="${DUE}"]`) });
      assert.match(await due.innerText(), new RegExp(`${DUE}\\s+Overdue`));
      await expectAccessible(page, 'a registered request');

      // The list, by due date: the request stands out as overdue, in words.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/requests');
      const row = page.locator('table.requests tbody tr', { hasText: 'Kari Nordmann' });
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), new RegExp(`${DUE}\\s+Overdue[\\s\\S]*Erasure\\s+Open\\s+${RECEIVED}\\s+Phone`));
      assert.equal(await row.getAttribute('class'), 'request-overdue');
      await expectAccessible(page, '/requests');

      // Moving it on: in progress, then a rejection, which needs its reason.
      await row.getByRole('link', { name: 'Kari Nordmann' }).click();
      await page.waitForURL((url) => url.pathname === requestPath);
      await page.getByLabel('Status').selectOption('in_progress');
      await page.getByRole('button', { name: 'Change status' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      assert.match(await page.locator('.request-status-in_progress').first().innerText(), /In progress/);
      assert.match(await page.locator('main').innerText(), /Handled by\s+admin/);

      await page.getByLabel('Status').selectOption('rejected');
      await page.getByRole('button', { name: 'Change status' }).click();
      await page.locator('#request-rejection-error').waitFor();
      assert.equal(await page.getByLabel('Reason for rejection').getAttribute('aria-invalid'), 'true');
      await expectAccessible(page, 'a rejection without its reason');
      await page.getByLabel('Status').selectOption('rejected');
      await page.getByLabel('Reason for rejection').fill('Under a legal hold: the accounts must be kept.');
      await page.getByRole('button', { name: 'Change status' }).click();
      await page.waitForURL((url) => url.pathname === requestPath && url.search === '?saved=1');
      assert.match(await page.locator('main').innerText(), /The request is closed/);
      assert.match(await page.locator('main').innerText(), /Under a legal hold: the accounts must be kept\./);
      await expectAccessible(page, 'a rejected request');

      // The Privacy tab lists it, with the person's audit trail.
      await page.getByRole('link', { name: 'Kari Nordmann' }).click();
      await page.waitForURL((url) => url.pathname === `/persons/${person.id}/privacy`);
      const listed = page.locator('table.requests tbody tr');
      assert.equal(await listed.count(), 1);
      assert.match(await listed.innerText(), new RegExp(`${DUE}[\\s\\S]*Erasure\\s+Rejected`));
      const trail = await page.locator('section[aria-labelledby="privacy-audit-heading"]').innerText();
      assert.match(trail, /request\.create/);
      assert.match(trail, /request\.update/);
      await expectAccessible(page, 'the Privacy tab with a request');

      // A closed request leaves the default list and the start page's chart.
      await page.goto(`${base}/requests`);
      assert.equal(await page.locator('table.requests').count(), 0);
      await page.getByRole('link', { name: 'Rejected', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'rejected');
      assert.equal(await page.locator('table.requests tbody tr').count(), 1);
      await page.goto(`${base}/`);
      const chart = page.locator('section[aria-labelledby="dashboard-requests"] svg[role="img"]');
      assert.match(await chart.locator('title').first().textContent(), /Open requests by due week/);
      assert.equal(await chart.locator('rect').count(), 0);
      await expectAccessible(page, 'the dashboard');

      // The holiday list for admins.
      await page.getByRole('link', { name: 'Holidays', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/admin/holidays');
      await page.getByLabel('Holidays, one per line').fill('2026-12-25 Første juledag\n2026-12-26 Andre juledag');
      await page.getByRole('button', { name: 'Save the holidays' }).click();
      await page.waitForURL((url) => url.search === '?saved=1');
      assert.equal(await page.locator('table.holidays tbody tr').count(), 2);
      await expectAccessible(page, '/admin/holidays');

      // The 422 of the rejection without a reason was on purpose; Chromium reports it.
      const unexpected = errors.errors.filter((error) => !/status of 422/.test(error));
      assert.equal(unexpected.length, 0, `console or page errors:\n${unexpected.join('\n')}`);
    }));
});
