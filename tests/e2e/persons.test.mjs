// Persons in a real browser: create one, find them by typing part of the name, edit, meet a
// conflict without losing what was typed, and build a filter.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { collectPageErrors, formatViolations, launchBrowser, newContext, runAxe } from './lib/browser.mjs';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startServer } from './lib/server.mjs';

async function logIn(page, baseUrl) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name="username"]').fill(ADMIN_USERNAME);
  await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
  await page.locator('form:has(input[name="username"]) button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

async function expectAccessible(page, where) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(violations)}`);
}

async function createPerson(page, baseUrl, first, last, city) {
  await page.goto(`${baseUrl}/persons/new`);
  await page.locator('#field-first_name').fill(first);
  await page.locator('#field-last_name').fill(last);
  await page.locator('#field-city').fill(city);
  await page.locator('form.person-form button[type="submit"]').click();
  await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
  return new URL(page.url()).pathname;
}

describe('persons', { timeout: 180_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('create, find as you type, edit, conflict and filter', { timeout: 120_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await logIn(page, server.baseUrl);

      await page.goto(`${server.baseUrl}/persons/new`);
      await expectAccessible(page, '/persons/new');
      const kari = await createPerson(page, server.baseUrl, 'Kari', 'Nordmann', 'Bergen');
      await expectAccessible(page, kari);
      await createPerson(page, server.baseUrl, 'Ola', 'Nordmann', 'Oslo');
      await createPerson(page, server.baseUrl, 'Åsa', 'Lindqvist', 'Malmö');

      // Typing part of a name narrows the list without pressing Search.
      await page.goto(`${server.baseUrl}/persons`);
      await expectAccessible(page, '/persons');
      await page.locator('#person-q').pressSequentially('lindq', { delay: 30 });
      await page.locator('.table-wrap').getByText('Åsa Lindqvist').waitFor();
      await page.waitForFunction(() => !document.querySelector('.table-wrap').textContent.includes('Nordmann'));
      assert.match(await page.locator('.result-count').innerText(), /1/);

      // Edit and save.
      await page.goto(`${server.baseUrl}${kari}/edit`);
      await page.locator('#field-title').fill('Engineer');
      await page.locator('form.person-form button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === kari);
      await page.getByText('Engineer').waitFor();

      // Two editors: the second save meets the first one's change and keeps its own typing.
      const other = await context.newPage();
      await page.goto(`${server.baseUrl}${kari}/edit`);
      await other.goto(`${server.baseUrl}${kari}/edit`);
      await page.locator('#field-city').fill('Tromsø');
      await page.locator('form.person-form button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === kari);
      await other.locator('#field-city').fill('Stavanger');
      await other.locator('form.person-form button[type="submit"]').click();
      await other.getByRole('alert').first().waitFor();
      assert.equal(await other.locator('#field-city').inputValue(), 'Tromsø');
      assert.match(await other.locator('.your-value').first().innerText(), /Stavanger/);
      await expectAccessible(other, 'the conflict form');
      await other.close();

      // A filter built from rows: city is Oslo.
      await page.goto(`${server.baseUrl}/persons`);
      await page.locator('#f1').selectOption('city');
      await page.locator('#o1').selectOption('eq');
      await page.locator('#v1').fill('oslo');
      await page.locator('form.search-form button.button-primary').click();
      await page.waitForURL((url) => url.searchParams.get('f1') === 'city');
      assert.match(await page.locator('.result-count').innerText(), /1/);
      await page.locator('.table-wrap').getByText('Ola Nordmann').waitFor();
      await expectAccessible(page, 'the filtered list');

      const unexpected = errors.errors.filter((error) => !/status of 4\d\d/.test(error));
      assert.equal(unexpected.length, 0, `console or page errors:\n${unexpected.join('\n')}`);
    } finally {
      await context.close();
    }
  });
});
