// Mailings in a real browser: compose a marketing mailing, meet the inline error for the missing
// consent type, choose it and see the draft's counts (who receives it, who is left out and why)
// and its preview; send it and watch the progress bar reach done without a reload, as vern.js
// polls the API; then find the sent messages in the outbox, and as .eml files in the mail folder.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { collectPageErrors } from './lib/browser.mjs';
import { api, expectAccessible, logIn, serverAndBrowser, withPage } from './lib/pages.mjs';

/**
 * Two persons who granted the newsletter (they receive it), one who never answered and one
 * without an e-mail address (both left out).
 */
async function addPersons(page, base) {
  await api(page, 'POST', `${base}/api/v1/consent-types`, {
    key: 'newsletter',
    names: { en: 'Newsletter', nb: 'Nyhetsbrev' },
    purposes: { en: 'We e-mail you our newsletter once a month.' },
    legal_basis: 'a',
  });
  const persons = [
    { first_name: 'Kari', last_name: 'Nordmann', email: 'kari@example.no', granted: true },
    { first_name: 'Ola', last_name: 'Nordmann', email: 'ola@example.no', granted: true },
    { first_name: 'Per', last_name: 'Hansen', email: 'per@example.no', granted: false },
    { first_name: 'Lise', last_name: 'Berg', granted: true },
  ];
  for (const { granted, ...fields } of persons) {
    const person = await api(page, 'POST', `${base}/api/v1/persons`, fields);
    if (granted) {
      await api(page, 'POST', `${base}/api/v1/persons/${person.id}/consents`, {
        consent_type: 'newsletter',
        granted: true,
        note: 'Ticked the box at the fair',
      });
    }
  }
}

/** The number in the counts table's row whose heading matches `heading`. */
async function countOf(page, heading) {
  const row = page.locator('table.mailing-counts tr', { has: page.locator('th', { hasText: heading }) });
  return Number((await row.locator('td').innerText()).trim());
}

describe('mailings', { timeout: 180_000 }, () => {
  const running = serverAndBrowser();

  test('compose, see who receives it, send, watch the progress, find it in the outbox', { timeout: 120_000 }, () =>
    withPage(running.browser, async (page) => {
      const errors = collectPageErrors(page);
      const base = running.server.baseUrl;
      await logIn(page, base);
      await addPersons(page, base);

      // The navigation leads to the mailings, and from there to a new one.
      await page.getByRole('link', { name: 'Mailings', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/mailings');
      await expectAccessible(page, '/mailings without mailings');
      await page.getByRole('link', { name: 'New mailing' }).click();
      await page.waitForURL((url) => url.pathname === '/mailings/new');
      await expectAccessible(page, '/mailings/new');
      assert.match(await page.locator('#mailing-tags').innerText(), /\{\{first_name\}\}/);

      // Marketing without a consent type: the error is beside the field, and the typing is kept.
      await page.getByLabel('Name', { exact: true }).fill('Spring newsletter');
      await page.getByLabel('Purpose').selectOption('marketing');
      await page.getByLabel('Subject').fill('News for {{first_name}}');
      await page.getByLabel('Text', { exact: true }).fill('Hello {{name}},\n\nSpring is here.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.locator('#mailing-consent-type-error').waitFor();
      assert.match(await page.locator('#mailing-consent-type-error').innerText(), /consent type/);
      assert.equal(await page.getByLabel('Consent type').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Spring newsletter');
      assert.equal(await page.getByLabel('Subject').inputValue(), 'News for {{first_name}}');
      await expectAccessible(page, 'the compose form with an error');

      // With the consent type the draft is saved: its counts and a preview for a recipient.
      await page.getByLabel('Consent type').selectOption('newsletter');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL((url) => /^\/mailings\/\d+$/.test(url.pathname));
      const mailingPath = new URL(page.url()).pathname;
      assert.equal(await countOf(page, 'Receive it'), 2);
      assert.equal(await countOf(page, 'No consent of the required type'), 1);
      assert.equal(await countOf(page, 'No e-mail address'), 1);
      assert.equal(await countOf(page, 'In the audience'), 4);
      assert.equal((await page.locator('.mail-subject').innerText()).trim(), 'News for Kari');
      assert.match(await page.locator('pre.mail-body').first().innerText(), /^Hello Kari Nordmann,/);
      await expectAccessible(page, 'a draft mailing');

      // Sending asks for a tick first; then the page shows the progress.
      assert.match(await page.locator('.send-question').innerText(), /Send to 2 persons\?/);
      await page.getByLabel('Yes, send it now').check();
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.waitForURL((url) => url.search === '?sent=1');
      await page.getByRole('status').filter({ hasText: 'The mailing is on its way.' }).waitFor();

      // The workers may have finished before the page was drawn. So that vern.js is seen to bring
      // the page to "done", it is drawn once more as if sending had just begun, nothing sent yet;
      // then the page must follow the API's counts without a reload.
      const afterSending = (url) => url.pathname === mailingPath && url.search === '?sent=1';
      let redrawn = false;
      await page.route(afterSending, async (route) => {
        redrawn = true;
        const response = await route.fetch();
        let html = (await response.text())
          .replace(/data-status="done"/, 'data-status="sending"')
          .replace(/(data-status-label[^>]*>)[^<]*/, (match, start) => `${start}Sending`)
          .replace(/(data-count="(?:sent|failed|total|percent_done)">)\d+/g, (match, start) => `${start}0`)
          .replace(/(<progress[^>]*) value="\d+"/, '$1 value="0"');
        if (!html.includes('data-refresh')) {
          html = html.replace(/(<section[^>]*data-mailing-progress[\s\S]*?<\/dl>)/, '$1<p data-refresh><a href="">Refresh</a></p>');
        }
        await route.fulfill({ response, body: html });
      });
      const polls = [];
      page.on('request', (request) => {
        if (request.url().endsWith(`/api/v1${mailingPath}`)) polls.push(request.url());
      });
      let navigations = 0;
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations += 1;
      });
      await page.goto(page.url());
      assert.ok(redrawn, 'the page was not drawn as just begun');
      assert.equal(await page.locator('[data-mailing-progress]').getAttribute('data-status'), 'sending');
      const navigationsBefore = navigations;
      await page.waitForFunction(
        () => document.querySelector('[data-mailing-progress]').getAttribute('data-status') === 'done',
        null,
        { timeout: 30_000 },
      );
      assert.equal(navigations, navigationsBefore, 'the page was reloaded');
      assert.ok(polls.length >= 1, 'vern.js did not ask the API for the progress');
      const progress = page.locator('section[data-mailing-progress]');
      assert.equal((await progress.locator('[data-status-label]').innerText()).trim(), 'Done');
      const included = Number(await progress.locator('[data-count="included"]').innerText());
      assert.equal(included, 2);
      assert.equal(Number(await progress.locator('[data-count="sent"]').innerText()), included);
      assert.equal(Number(await progress.locator('[data-count="failed"]').innerText()), 0);
      const bar = progress.locator('progress');
      assert.equal(await bar.evaluate((element) => element.value), await bar.evaluate((element) => element.max));
      assert.equal(await progress.locator('[data-refresh]').count(), 0, 'Refresh is still offered when done');
      await page.unroute(afterSending);
      await expectAccessible(page, 'a mailing being sent');

      // Drawn by the server once done: no Refresh link, the full bar.
      await page.goto(`${base}${mailingPath}`);
      assert.equal(await page.locator('[data-refresh]').count(), 0);
      assert.equal((await page.locator('[data-count="percent_done"]').innerText()).trim(), '100');
      await expectAccessible(page, 'a sent mailing');

      // The outbox lists both messages as sent, and the mail folder holds them.
      await page.getByRole('link', { name: 'See these messages in the outbox' }).click();
      await page.waitForURL((url) => url.pathname === '/outbox' && url.searchParams.has('mailing_id'));
      const rows = page.locator('table.outbox tbody tr');
      assert.equal(await rows.count(), 2);
      for (const row of await rows.all()) {
        assert.match(await row.innerText(), /News for (Kari|Ola)\s+Sent/);
      }
      assert.match(await page.locator('table.outbox').innerText(), /kari@example\.no/);
      await expectAccessible(page, '/outbox for a mailing');
      await page.getByRole('link', { name: 'Outbox', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/outbox' && url.search === '');
      await page.getByRole('link', { name: /^Sent\s+2$/ }).click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'sent');
      assert.equal(await rows.count(), 2);
      await expectAccessible(page, '/outbox?status=sent');
      const files = (await readdir(running.server.mailDir)).filter((name) => name.endsWith('.eml'));
      assert.equal(files.length, 2);

      // The list shows the mailing as done, with its numbers.
      await page.getByRole('link', { name: 'Mailings', exact: true }).click();
      const listed = page.locator('table.data tbody tr', { hasText: 'Spring newsletter' });
      assert.match(await listed.innerText(), /Marketing\s+Done\s+2 \/ 2\s+admin/);
      await expectAccessible(page, '/mailings');
      // The form with the missing consent type answered 422 on purpose; Chromium reports it.
      const unexpected = errors.errors.filter((error) => !/status of 422 .*\/mailings:/.test(error));
      assert.equal(unexpected.length, 0, `console or page errors:\n${unexpected.join('\n')}`);
    }));
});
