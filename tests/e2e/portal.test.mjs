// The GDPR portal's whole story in a real browser, with the e-mail read from the real SMTP server
// the test command starts: a staff member sends a portal link; the subject opens it from the
// e-mail, reads their data, corrects a field, withdraws a consent, downloads both exports, asks to
// be forgotten; staff see each of those; then staff revoke the link and it shows the 410 page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { collectPageErrors, newContext } from './lib/browser.mjs';
import { expectAccessible, logIn, serverAndBrowser } from './lib/pages.mjs';

const XLSX_READ = join(dirname(fileURLToPath(import.meta.url)), '..', 'privacy', 'xlsx_read.py');

function decodeQuotedPrintable(text) {
  const bytes = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i += 1) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Waits for the SMTP server to have received a message to `address`; returns its text. */
async function mailTo(mailDir, address, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const name of (await readdir(mailDir)).filter((file) => file.endsWith('.json'))) {
      const envelope = JSON.parse(await readFile(join(mailDir, name), 'utf8'));
      if (envelope.rcpt_tos.includes(address)) {
        return decodeQuotedPrintable(await readFile(join(mailDir, envelope.eml), 'utf8'));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no e-mail to ${address} reached the SMTP server within ${timeoutMs} ms`);
}

async function download(page, linkName) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName, exact: true }).click(),
  ]);
  const path = join(await mkdtemp(join(tmpdir(), 'vern-e2e-portal-')), file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

describe('portal', { timeout: 300_000 }, () => {
  const running = serverAndBrowser({ smtp: true });

  test('send a link, use the portal as the subject, revoke the link', { timeout: 240_000 }, async () => {
    const base = running.server.baseUrl;
    const staffContext = await newContext(running.browser);
    const staff = await staffContext.newPage();
    const staffErrors = collectPageErrors(staff);
    await logIn(staff, base);

    // The portal shows names, lets the person correct e-mail and city, and names the controller.
    await staff.goto(`${base}/admin/portal`);
    await staff.getByLabel('Organisation name').fill('Nordlys AS');
    await staff.getByRole('button', { name: 'Save' }).click();
    await staff.getByRole('status').waitFor();
    await staff.goto(`${base}/admin/fields`);
    for (const [key, access] of [['first_name', 'read'], ['last_name', 'read'], ['email', 'edit'], ['city', 'edit']]) {
      await staff.locator(`#portal-${key}`).selectOption(access);
      await staff.locator(`form[action="/admin/fields/${key}"] button[type="submit"]`).click();
      await staff.waitForURL((url) => url.pathname === '/admin/fields');
    }
    // A consent the person may change in the portal.
    await staff.goto(`${base}/admin/consent-types`);
    await staff.getByLabel('Key').fill('newsletter');
    await staff.locator('#ct-name-en').fill('Newsletter');
    await staff.locator('#ct-purpose-en').fill('We e-mail you our newsletter once a month.');
    await staff.locator('#ct-portal').check();
    await staff.getByRole('button', { name: 'Add consent type' }).click();
    await staff.getByRole('link', { name: 'Newsletter', exact: true }).waitFor();

    // The person, who has agreed to the newsletter on the phone.
    const address = `ingrid.${Date.now()}@example.no`;
    await staff.goto(`${base}/persons/new`);
    await staff.getByLabel('First name').fill('Ingrid');
    await staff.getByLabel('Last name').fill('Bakken');
    await staff.getByLabel('E-mail').fill(address);
    await staff.getByLabel('City').fill('Trondheim');
    await staff.getByRole('button', { name: 'Save' }).click();
    await staff.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
    const personPath = new URL(staff.url()).pathname;
    await staff.goto(`${base}${personPath}/consents-tab`);
    const row = staff.locator('tr', { has: staff.locator('th', { hasText: 'Newsletter' }) });
    await row.getByRole('button', { name: 'Grant Newsletter' }).click();
    await staff.getByRole('status').waitFor();

    // Staff send the link from the side panel, after a confirmation naming the address.
    await staff.goto(`${base}${personPath}`);
    await staff.getByRole('link', { name: 'Send portal link' }).click();
    await staff.getByText(address).first().waitFor();
    await expectAccessible(staff, 'the portal link confirmation');
    await staff.getByRole('button', { name: 'Send the link' }).click();
    await staff.waitForURL((url) => url.pathname === personPath);
    await staff.getByText("The portal link is on its way to the person's e-mail address.").waitFor();
    await expectAccessible(staff, 'the person page with its portal link');

    // The subject reads the e-mail and opens the link in their own browser.
    const mail = await mailTo(running.server.mailDir, address);
    const link = /(https?:\/\/[^\s]+\/p\/[A-Za-z0-9_-]{43})/.exec(mail)?.[1];
    assert.ok(link, `no portal link in the e-mail:\n${mail}`);
    assert.match(mail, /Nordlys AS/);
    const token = link.split('/p/')[1];
    const subjectContext = await newContext(running.browser, { acceptDownloads: true });
    const subject = await subjectContext.newPage();
    const subjectErrors = collectPageErrors(subject);
    await subject.goto(link);
    assert.equal(new URL(subject.url()).pathname, '/portal');
    assert.equal(subject.url().includes(token), false);
    await subject.getByRole('heading', { name: 'Your personal data' }).waitFor();
    await expectAccessible(subject, 'the portal');
    assert.match(await subject.locator('main').innerText(), /Ingrid[\s\S]*Bakken[\s\S]*Nordlys AS|Nordlys AS[\s\S]*Ingrid/);

    // A correction goes straight into the CRM record.
    await subject.getByLabel('City').fill('Bergen');
    await subject.getByRole('button', { name: 'Save changes' }).click();
    await subject.getByText('Your changes are saved.').waitFor();
    await staff.goto(`${base}${personPath}`);
    assert.match(await staff.locator('.facts').first().innerText(), /Bergen/);
    await staff.goto(`${base}${personPath}/history-tab`);
    await staff.getByText('Updated in the portal: City').first().waitFor();

    // Withdrawing the consent is an event staff see, from the portal.
    await subject.getByRole('button', { name: 'Withdraw consent: Newsletter' }).click();
    await subject.getByText('Your choice is saved.').waitFor();
    await staff.goto(`${base}${personPath}/consents-tab`);
    const events = staff.locator('section[aria-labelledby="consent-history-heading"] tbody tr');
    assert.match(await events.nth(0).innerText(), /Withdrawn[\s\S]*portal/i);

    // Both downloads hold what the page shows.
    const json = JSON.parse(await readFile(await download(subject, 'Download as JSON'), 'utf8'));
    assert.equal(json.format, 'vern.person-export/1');
    assert.equal(json.person.first_name, 'Ingrid');
    assert.equal(json.person.city, 'Bergen');
    assert.equal(json.consents[0].state, 'withdrawn');
    const workbook = JSON.parse(execFileSync('/usr/bin/python3', [XLSX_READ, await download(subject, 'Download as Excel')], { encoding: 'utf8' }));
    const cells = workbook.sheets.flatMap((sheet) => sheet.rows.flat().map((cell) => cell.value));
    assert.ok(cells.includes('Ingrid') && cells.includes('Bergen'), JSON.stringify(cells));

    // Asking to be forgotten: a confirmation, then a request in the register.
    await subject.getByRole('link', { name: 'Ask to be forgotten' }).click();
    await subject.getByRole('button', { name: 'Yes, ask to be forgotten' }).click();
    await subject.getByText('We have received your request to be forgotten.').waitFor();
    await expectAccessible(subject, 'the portal after the erasure request');
    await staff.goto(`${base}/requests`);
    const request = staff.locator('tr', { has: staff.getByRole('link', { name: 'Ingrid Bakken' }) });
    assert.match(await request.innerText(), /erasure/i);

    // The portal on a phone screen passes axe too.
    await subject.setViewportSize({ width: 375, height: 812 });
    await subject.goto(`${base}/portal`);
    await expectAccessible(subject, 'the portal on a phone');

    // (The error pages below are expected to log their status in the console.)
    assert.equal(subjectErrors.errors.length, 0, subjectErrors.format());

    // Staff revoke the link: the session ends at once and the link answers 410.
    await staff.goto(`${base}${personPath}`);
    await staff.getByRole('button', { name: 'Revoke the link' }).click();
    await staff.getByText('The portal link is revoked: it no longer works.').waitFor();
    const ended = await subject.goto(`${base}/portal`);
    assert.equal(ended.status(), 401);
    assert.equal((await subject.content()).includes('Ingrid'), false);
    const gone = await subject.goto(link);
    assert.equal(gone.status(), 410);
    await subject.getByRole('heading', { name: 'This link has expired' }).waitFor();
    await expectAccessible(subject, 'the 410 page');

    assert.equal(running.server.output().includes(token), false, 'the token appeared in the server log');
    assert.equal(staffErrors.errors.length, 0, staffErrors.format());
    await subjectContext.close();
    await staffContext.close();
  });
});
