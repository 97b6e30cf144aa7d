// Persons in a real browser: create one, find them by typing part of the name, edit, meet a
// conflict without losing what was typed, build a filter with a group and save it, and pick a
// person's company by typing its name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { collectPageErrors, newContext } from './lib/browser.mjs';
import { expectAccessible, logIn, serverAndBrowser } from './lib/pages.mjs';

/** Fills the form at `url` by label and saves it; returns the path of the page it leads to. */
async function createThrough(page, url, values) {
  await page.goto(url);
  for (const [label, value] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL((address) => /^\/[a-z]+\/\d+$/.test(address.pathname));
  return new URL(page.url()).pathname;
}

function createPerson(page, baseUrl, first, last, city) {
  return createThrough(page, `${baseUrl}/persons/new`, { 'First name': first, 'Last name': last, City: city });
}

function createCompany(page, baseUrl, name, orgNumber) {
  return createThrough(page, `${baseUrl}/companies/new`, { Name: name, 'Organisation number': orgNumber });
}

describe('persons', { timeout: 180_000 }, () => {
  const running = serverAndBrowser();

  test('create, find as you type, edit, conflict and filter', { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await logIn(page, running.server.baseUrl);

      await page.goto(`${running.server.baseUrl}/persons/new`);
      await expectAccessible(page, '/persons/new');
      const kari = await createPerson(page, running.server.baseUrl, 'Kari', 'Nordmann', 'Bergen');
      await expectAccessible(page, kari);
      await createPerson(page, running.server.baseUrl, 'Ola', 'Nordmann', 'Oslo');
      await createPerson(page, running.server.baseUrl, 'Åsa', 'Lindqvist', 'Malmö');

      // Typing part of a name narrows the list without pressing Search.
      await page.goto(`${running.server.baseUrl}/persons`);
      await expectAccessible(page, '/persons');
      await page.locator('#person-q').pressSequentially('lindq', { delay: 30 });
      await page.locator('.table-wrap').getByText('Åsa Lindqvist').waitFor();
      await page.waitForFunction(() => !document.querySelector('.table-wrap').textContent.includes('Nordmann'));
      assert.match(await page.locator('.result-count').innerText(), /1/);

      // Edit and save.
      await page.goto(`${running.server.baseUrl}${kari}/edit`);
      await page.locator('#field-title').fill('Engineer');
      await page.locator('form.person-form button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === kari);
      await page.getByText('Engineer').waitFor();

      // Two editors: the second save meets the first one's change and keeps its own typing.
      const other = await context.newPage();
      await page.goto(`${running.server.baseUrl}${kari}/edit`);
      await other.goto(`${running.server.baseUrl}${kari}/edit`);
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
      await page.goto(`${running.server.baseUrl}/persons`);
      await page.locator('#f1').selectOption('city');
      await page.locator('#o1').selectOption('eq');
      await page.locator('#v1').fill('oslo');
      await page.locator('form.search-form button.button-primary').click();
      await page.waitForURL((url) => url.searchParams.get('f1') === 'city');
      assert.match(await page.locator('.result-count').innerText(), /1/);
      await page.locator('.table-wrap').getByText('Ola Nordmann').waitFor();
      await expectAccessible(page, 'the filtered list');

      // Any of: city is Malmö, or the group (all of: last name Nordmann, city Oslo). The
      // builder's buttons re-render it from what was chosen.
      await page.locator('#match').selectOption('any');
      await page.locator('#v1').fill('Malmö');
      await page.getByRole('button', { name: 'Add a group' }).click();
      await page.waitForURL((url) => url.searchParams.get('groups') === '1');
      assert.equal(await page.locator('#v1').inputValue(), 'Malmö');
      await page.locator('#g1-match').selectOption('all');
      await page.locator('#g1-f1').selectOption('last_name');
      await page.locator('#g1-o1').selectOption('eq');
      await page.locator('#g1-v1').fill('Nordmann');
      await page.locator('#g1-f2').selectOption('city');
      await page.locator('#g1-o2').selectOption('eq');
      await page.locator('#g1-v2').fill('oslo');
      await page.locator('form.search-form button.button-primary').click();
      await page.waitForURL((url) => url.searchParams.get('g1.v2') === 'oslo');
      assert.match(await page.locator('.result-count').innerText(), /: 2$/);
      await page.locator('.table-wrap').getByText('Åsa Lindqvist').waitFor();
      await page.locator('.table-wrap').getByText('Ola Nordmann').waitFor();
      await expectAccessible(page, 'the list filtered with a group');

      // Saved, the nested filter comes back with its group.
      await page.locator('#filter-name').fill('Malmö, or Nordmanns in Oslo');
      await page.getByRole('button', { name: 'Save this filter' }).click();
      await page.waitForURL((url) => url.searchParams.has('saved'));
      assert.equal(await page.locator('#g1-v1').inputValue(), 'Nordmann');
      assert.match(await page.locator('.result-count').innerText(), /: 2$/);

      // Removing the group leaves the Malmö row.
      await page.getByRole('button', { name: 'Remove group 1' }).click();
      await page.waitForURL((url) => !url.searchParams.has('groups') && !url.searchParams.has('saved'));
      assert.equal(await page.locator('#g1-v1').count(), 0);
      assert.match(await page.locator('.result-count').innerText(), /: 1$/);

      const unexpected = errors.errors.filter((error) => !/status of 4\d\d/.test(error));
      assert.equal(unexpected.length, 0, `console or page errors:\n${unexpected.join('\n')}`);
    } finally {
      await context.close();
    }
  });

  test('pick a company by typing its name', { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await logIn(page, running.server.baseUrl);
      await createCompany(page, running.server.baseUrl, 'Nordlys AS', '911 111 111');
      const second = await createCompany(page, running.server.baseUrl, 'Nordlys AS', '922 222 222');
      await createCompany(page, running.server.baseUrl, 'Fjordlys AS', '');

      // Typing suggests the companies by name and organisation number.
      await page.goto(`${running.server.baseUrl}/persons/new`);
      await page.locator('#field-first_name').fill('Per');
      const company = page.locator('#field-company_id');
      await company.pressSequentially('nordl', { delay: 30 });
      await page.waitForFunction(() => document.querySelectorAll('#field-company_id-options option').length === 2);
      const suggestions = await page.locator('#field-company_id-options option').evaluateAll(
        (options) => options.map((option) => option.value));
      assert.deepEqual(suggestions.sort(), ['Nordlys AS (911 111 111)', 'Nordlys AS (922 222 222)']);
      await expectAccessible(page, 'the person form with suggestions');

      // The name alone is ambiguous: the form says so beside the input and keeps the typing.
      await company.fill('Nordlys AS');
      await page.locator('form.person-form button[type="submit"]').click();
      await page.locator('#field-company_id-error').waitFor();
      assert.match(await page.locator('#field-company_id-error').innerText(), /organisation number/);
      assert.equal(await page.locator('#field-first_name').inputValue(), 'Per');
      await expectAccessible(page, 'the person form with a company error');

      // A suggestion, as picked from the list, names one company.
      await page.locator('#field-company_id').fill('Nordlys AS (922 222 222)');
      await page.locator('form.person-form button[type="submit"]').click();
      await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
      assert.equal(await page.getByRole('link', { name: 'Nordlys AS' }).getAttribute('href'), second);

      // The edit form shows the company as it was picked.
      await page.goto(`${page.url()}/edit`);
      assert.equal(await page.locator('#field-company_id').inputValue(), 'Nordlys AS (922 222 222)');
      await expectAccessible(page, 'the edit form with a company');

      const unexpected = errors.errors.filter((error) => !/status of 4\d\d/.test(error));
      assert.equal(unexpected.length, 0, `console or page errors:\n${unexpected.join('\n')}`);
    } finally {
      await context.close();
    }
  });
});
