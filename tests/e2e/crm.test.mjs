// The CRM pages in a real browser: a company, a person in it, a history note, an activity with
// the person as participant whose status changes. Every page visited passes axe and logs no
// errors.
// Run: VERN_BIN=build/dev/vern node --test tests/e2e/crm.test.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { collectPageErrors, formatViolations, newContext, runAxe } from './lib/browser.mjs';
import { logIn, serverAndBrowser } from './lib/pages.mjs';

const TEST_TIMEOUT_MS = 90_000;

/** The last path segment of the page's address as a number: the id of what it shows. */
function idOf(page) {
  const segments = new URL(page.url()).pathname.split('/').filter(Boolean);
  return Number(segments[1]);
}

/** Asserts that the page as it is now has no axe violations and logged no errors. */
async function checkPage(page, pageErrors, what) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe on ${what}:\n${formatViolations(violations)}`);
  assert.equal(pageErrors.errors.length, 0, `console or page errors on ${what}:\n${pageErrors.format()}`);
}

/** Submits a form by clicking its button and waits for the page it leads to. */
async function submit(page, button, urlPredicate) {
  await Promise.all([page.waitForURL(urlPredicate), button.click()]);
}

describe('crm pages', { timeout: TEST_TIMEOUT_MS * 2 }, () => {
  const running = serverAndBrowser();

  test('a company, a person in it, a note, and an activity they attend', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(running.browser);
    try {
      const page = await context.newPage();
      // Confirmation dialogs are answered yes.
      page.on('dialog', (dialog) => dialog.accept());
      const pageErrors = collectPageErrors(page);
      const base = running.server.baseUrl;
      await logIn(page, base);

      // A company.
      await page.getByRole('link', { name: 'Companies' }).click();
      await page.waitForURL((url) => url.pathname === '/companies');
      await checkPage(page, pageErrors, '/companies');
      await page.getByRole('link', { name: 'New company' }).click();
      await page.waitForURL((url) => url.pathname === '/companies/new');
      await checkPage(page, pageErrors, '/companies/new');
      await page.getByLabel('Name', { exact: true }).fill('Fjordlys AS');
      await page.getByLabel('City').fill('Bergen');
      await submit(page, page.getByRole('button', { name: 'Save' }), (url) => /^\/companies\/\d+$/.test(url.pathname));
      const companyId = idOf(page);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Fjordlys AS');
      await checkPage(page, pageErrors, 'the company page');

      // A person in it.
      await page.goto(`${base}/persons/new`);
      await page.locator('#field-first_name').fill('Kari');
      await page.locator('#field-last_name').fill('Nordmann');
      await page.locator('#field-company_id').fill('Fjordlys AS');
      await submit(page, page.getByRole('button', { name: 'Save' }), (url) => /^\/persons\/\d+$/.test(url.pathname));
      const personId = idOf(page);
      await checkPage(page, pageErrors, 'the person page');

      await page.goto(`${base}/companies/${companyId}`);
      await page.getByRole('link', { name: 'Kari Nordmann' }).waitFor();

      // A history note on the History tab.
      await page.goto(`${base}/persons/${personId}`);
      await page.getByRole('link', { name: 'History', exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/persons/${personId}/history-tab`);
      assert.equal(await page.getByRole('link', { name: 'History', exact: true }).getAttribute('aria-current'), 'page');
      assert.match(await page.getByLabel('Date', { exact: true }).inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'the date defaults to today');
      await checkPage(page, pageErrors, 'the History tab');
      await page.getByLabel('Type', { exact: true }).selectOption('call');
      await page.getByLabel('Text', { exact: true }).fill('Called about the spring seminar.');
      await submit(page, page.getByRole('button', { name: 'Add note' }), (url) => url.search === '?saved=1');
      await page.getByText('Called about the spring seminar.').waitFor();
      await checkPage(page, pageErrors, 'the History tab with a note');

      // An activity with the person as participant.
      await page.getByRole('link', { name: 'Activities' }).click();
      await page.waitForURL((url) => url.pathname === '/activities');
      await checkPage(page, pageErrors, '/activities');
      await page.getByRole('link', { name: 'New activity' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Vårseminar');
      await page.getByLabel('Type', { exact: true }).fill('seminar');
      await page.getByLabel('Date', { exact: true }).fill('2026-04-02');
      await checkPage(page, pageErrors, '/activities/new');
      await submit(page, page.getByRole('button', { name: 'Save' }), (url) => /^\/activities\/\d+$/.test(url.pathname));
      const activityId = idOf(page);
      await checkPage(page, pageErrors, 'the activity page');

      // Found by typing part of the name, then added.
      await page.getByLabel('Find a person by name').fill('Nordm');
      await submit(page, page.getByRole('button', { name: 'Search' }), (url) => url.search.startsWith('?find='));
      await checkPage(page, pageErrors, 'the activity page with persons found');
      await submit(page, page.getByRole('button', { name: 'Add participant: Kari Nordmann' }), (url) => url.search === '?saved=1');
      const row = page.getByRole('row', { name: /Kari Nordmann/ });
      await row.getByRole('link', { name: 'Kari Nordmann' }).waitFor();
      await checkPage(page, pageErrors, 'the activity page with a participant');

      await page.getByLabel('Status: Kari Nordmann').selectOption('attended');
      await submit(page, page.getByRole('button', { name: 'Save: Kari Nordmann' }), (url) => url.search === '?saved=1');
      assert.equal(await page.getByLabel('Status: Kari Nordmann').inputValue(), 'attended');
      await checkPage(page, pageErrors, 'the activity page after the status change');

      // The person's Marketing tab shows it.
      await page.goto(`${base}/persons/${personId}/marketing`);
      const activityRow = page.getByRole('row', { name: /Vårseminar/ });
      assert.match(await activityRow.innerText(), /Attended/);
      assert.equal(await activityRow.getByRole('link').getAttribute('href'), `/activities/${activityId}`);
      await checkPage(page, pageErrors, 'the Marketing tab');

      // The admin page of history types.
      await page.getByRole('link', { name: 'History types' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/history-types');
      await checkPage(page, pageErrors, '/admin/history-types');
    } finally {
      await context.close();
    }
  });
});
