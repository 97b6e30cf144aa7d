// The person data export in a real browser: an admin sets up the portal (controller, what it
// shows), a person gets a note, and both downloads from the person's side panel carry exactly what
// the portal shows — the JSON read as JSON, the Excel file read back by openpyxl.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { collectPageErrors } from './lib/browser.mjs';
import { expectAccessible, logIn, serverAndBrowser, withPage } from './lib/pages.mjs';

const XLSX_READ = join(dirname(fileURLToPath(import.meta.url)), '..', 'privacy', 'xlsx_read.py');

async function download(page, linkName) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName, exact: true }).click(),
  ]);
  // Saved under its own name: openpyxl goes by the extension.
  const path = join(await mkdtemp(join(tmpdir(), 'vern-e2e-export-')), file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

describe('exports', { timeout: 180_000 }, () => {
  const running = serverAndBrowser();

  test('set up the portal, export a person as JSON and Excel from the side panel', { timeout: 120_000 }, () =>
    withPage(running.browser, async (page) => {
      const errors = collectPageErrors(page);
      const base = running.server.baseUrl;
      await logIn(page, base);

      // The admin names the controller and picks what the portal shows.
      await page.getByRole('link', { name: 'Portal settings', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/admin/portal');
      await expectAccessible(page, '/admin/portal');
      await page.getByLabel('Organisation name').fill('Nordlys AS');
      await page.getByLabel('Contact e-mail').fill('not an address');
      await page.getByLabel('Call', { exact: true }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      // The browser's own check stops a malformed address before it is sent.
      assert.equal(await page.getByLabel('Contact e-mail').evaluate((input) => input.validity.valid), false);
      await page.getByLabel('Contact e-mail').fill('post@nordlys.example');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').waitFor();
      assert.equal(await page.getByLabel('Call', { exact: true }).isChecked(), true);
      await expectAccessible(page, '/admin/portal after saving');

      // Fields: first name readable in the portal, city left hidden.
      await page.goto(`${base}/admin/fields`);
      await page.locator('#portal-first_name').selectOption('read');
      await page.locator('form[action="/admin/fields/first_name"] button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === '/admin/fields');
      assert.equal(await page.locator('#portal-first_name').inputValue(), 'read');

      // A person with a call in their history.
      await page.goto(`${base}/persons/new`);
      await page.getByLabel('First name').fill('Åse');
      await page.getByLabel('Last name').fill('Ødegård');
      await page.getByLabel('City').fill('Tromsø');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
      const personPath = new URL(page.url()).pathname;
      await page.goto(`${base}${personPath}/history-tab`);
      await page.locator('#note-type').selectOption('call');
      await page.locator('#note-text').fill('Asked for a copy of her data');
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByText('Asked for a copy of her data').first().waitFor();

      await page.goto(`${base}${personPath}`);
      await expectAccessible(page, 'the person page with the export links');
      const json = await download(page, 'JSON');
      assert.match(json.name, /^vern-export-ase-odegard-\d{4}-\d{2}-\d{2}\.json$/);
      const exported = JSON.parse(await readFile(json.path, 'utf8'));
      assert.equal(exported.format, 'vern.person-export/1');
      assert.equal(exported.controller.name, 'Nordlys AS');
      assert.deepEqual(exported.person, { first_name: 'Åse' });
      assert.equal(exported.history.length, 1);
      assert.equal(exported.history[0].text, 'Asked for a copy of her data');
      assert.equal(JSON.stringify(exported).includes('Tromsø'), false);

      const xlsx = await download(page, 'Excel');
      assert.match(xlsx.name, /^vern-export-ase-odegard-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const workbook = JSON.parse(execFileSync('/usr/bin/python3', [XLSX_READ, xlsx.path], { encoding: 'utf8' }));
      const cells = workbook.sheets.flatMap((sheet) => sheet.rows.flat().map((cell) => cell.value));
      assert.ok(cells.includes('Åse'), JSON.stringify(cells));
      assert.ok(cells.includes('Asked for a copy of her data'));
      assert.ok(cells.includes('Nordlys AS'));
      assert.equal(cells.includes('Tromsø'), false);
      assert.equal(errors.errors.length, 0, `console or page errors:\n${errors.format()}`);
    }));
});
