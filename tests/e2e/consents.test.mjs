// Consents in a real browser: an admin defines a consent type, then on a person's Consents tab
// grants it with a note, withdraws it, and sees both events in the history; restricting
// processing from the side panel shows on the person's page, and the start page charts both.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { collectPageErrors } from './lib/browser.mjs';
import { expectAccessible, logIn, serverAndBrowser, withPage } from './lib/pages.mjs';

describe('consents', { timeout: 180_000 }, () => {
  const running = serverAndBrowser();

  test('define a type, grant and withdraw on the Consents tab, see the history', { timeout: 120_000 }, () =>
    withPage(running.browser, async (page) => {
      const errors = collectPageErrors(page);
      const base = running.server.baseUrl;
      await logIn(page, base);

      // The admin navigation leads to the consent types.
      await page.getByRole('link', { name: 'Consent types', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/admin/consent-types');
      await expectAccessible(page, '/admin/consent-types');
      await page.getByLabel('Key').fill('newsletter');
      await page.locator('#ct-name-en').fill('Newsletter');
      await page.locator('#ct-name-nb').fill('Nyhetsbrev');
      await page.locator('#ct-purpose-en').fill('We e-mail you our newsletter once a month.');
      await page.getByRole('button', { name: 'Add consent type' }).click();
      await page.getByRole('link', { name: 'Newsletter', exact: true }).waitFor();

      // A person to ask.
      await page.goto(`${base}/persons/new`);
      await page.getByLabel('First name').fill('Kari');
      await page.getByLabel('Last name').fill('Nordmann');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));

      await page.getByRole('link', { name: 'Consents', exact: true }).click();
      await page.waitForURL((url) => url.pathname.endsWith('/consents-tab'));
      await expectAccessible(page, 'the Consents tab');
      const row = page.locator('tr', { has: page.locator('th', { hasText: 'Newsletter' }) });
      assert.equal((await row.locator('.state').innerText()).trim(), 'Not asked');

      await row.getByLabel('Note (Newsletter)').fill('Asked on the phone');
      await row.getByRole('button', { name: 'Grant Newsletter' }).click();
      await page.getByRole('status').waitFor();
      assert.equal((await row.locator('.state').innerText()).trim(), 'Granted');

      await row.getByRole('button', { name: 'Withdraw Newsletter' }).click();
      await page.waitForURL((url) => url.search.includes('saved=1'));
      assert.equal((await row.locator('.state').innerText()).trim(), 'Withdrawn');

      const history = page.locator('section[aria-labelledby="consent-history-heading"] tbody tr');
      assert.equal(await history.count(), 2);
      assert.match(await history.nth(0).innerText(), /Withdrawn/);
      assert.match(await history.nth(1).innerText(), /Granted[\s\S]*Asked on the phone/);
      await expectAccessible(page, 'the Consents tab with history');

      // Restricting processing from the side panel.
      await page.getByRole('link', { name: 'Details', exact: true }).click();
      await page.getByLabel('Reason for restriction').fill('Disputes the address');
      await page.getByRole('button', { name: 'Restrict processing' }).click();
      await page.locator('.flag-restricted').waitFor();
      assert.match(await page.locator('.flag-restricted').innerText(), /Disputes the address/);
      await expectAccessible(page, 'a restricted person');

      // The start page charts the consents and the restriction, drawn on the server.
      await page.goto(`${base}/`);
      const consentsChart = page.locator('section[aria-labelledby="dashboard-consents"] svg[role="img"]');
      assert.equal(await consentsChart.locator('rect.bar-withdrawn').count(), 1);
      assert.match(await consentsChart.locator('title').first().textContent(), /Consents by type/);
      const restrictedCount = page.locator('section[aria-labelledby="dashboard-processing"] dd').nth(1);
      assert.equal((await restrictedCount.innerText()).trim(), '1');
      await expectAccessible(page, 'the dashboard');
      assert.equal(errors.errors.length, 0, `console or page errors:\n${errors.format()}`);
    }));
});
