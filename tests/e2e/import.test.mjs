// Person import in a real browser: check a CSV file with a bad row, see the problem by its line,
// fix the file and import it, then find the imported person in the person list; and a file over
// the upload limit gets a page that says so.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { collectPageErrors } from './lib/browser.mjs';
import { expectAccessible, logIn, serverAndBrowser, withPage } from './lib/pages.mjs';

// Semicolons and a Norwegian label, as a spreadsheet in Norway saves it; line 3 is the bad one.
const BAD_FILE =
  'first_name;last_name;E-post;Poststed\r\n' +
  'Kari;Nordmann;kari@example.no;Bergen\r\n' +
  'Ingrid;Fjellheim;ingrid(at)example.no;Tromsø\r\n';
const GOOD_FILE = BAD_FILE.replace('ingrid(at)example.no', 'ingrid@example.no');
const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

function csvFile(text) {
  return { name: 'kunder.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

describe('person import', { timeout: 180_000 }, () => {
  const running = serverAndBrowser();

  test('check a file with a bad row, fix it, import it, find the person', { timeout: 120_000 }, () =>
    withPage(running.browser, async (page) => {
      const errors = collectPageErrors(page);
      await logIn(page, running.server.baseUrl);

      // The admin navigation leads to the page.
      await page.getByRole('link', { name: 'Import', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/admin/import');
      await expectAccessible(page, '/admin/import');

      // A check finds the bad address on line 3 and writes nothing.
      await page.getByLabel('CSV file').setInputFiles(csvFile(BAD_FILE));
      await page.getByRole('button', { name: 'Check file' }).click();
      await page.locator('#result-heading').waitFor();
      const problems = page.locator('table.import-problems tbody tr');
      assert.equal(await problems.count(), 1);
      const cells = await problems.first().locator('td').allInnerTexts();
      assert.deepEqual(cells, ['3', 'email', 'Not a valid e-mail address.']);
      assert.match(await page.getByRole('alert').innerText(), /nothing was written/);
      await expectAccessible(page, 'the check with a problem');

      // The fixed file goes in.
      await page.getByLabel('CSV file').setInputFiles(csvFile(GOOD_FILE));
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('The file was imported').waitFor();
      assert.match(await page.locator('.import-summary').innerText(), /New persons\s+2/);
      assert.equal(await page.locator('table.import-problems').count(), 0);
      await expectAccessible(page, 'the import result');

      // And the person is in the list.
      await page.goto(`${running.server.baseUrl}/persons`);
      await page.locator('.table-wrap').getByText('Ingrid Fjellheim').waitFor();
      assert.match(await page.locator('.table-wrap').innerText(), /Tromsø/);

      assert.equal(errors.errors.length, 0, `console or page errors:\n${errors.format()}`);
    }));

  test('a file over the upload limit gets a page that says so', { timeout: 120_000 }, () =>
    withPage(running.browser, async (page) => {
      await logIn(page, running.server.baseUrl);
      await page.goto(`${running.server.baseUrl}/admin/import`);
      const tooLarge = { name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(UPLOAD_LIMIT_BYTES + 1, 'a') };
      await page.getByLabel('CSV file').setInputFiles(tooLarge);
      await page.getByRole('button', { name: 'Check file' }).click();
      await page.getByText('The upload is larger than 10 MiB').waitFor();
      // The page keeps the layout: the admin can go on from it.
      await page.getByRole('link', { name: 'Import', exact: true }).waitFor();
      await expectAccessible(page, 'the page for a too large upload');
    }));
});
