// Signing in and out of the staff UI in a real browser.
// Run: VERN_BIN=build/ci/vern node --test tests/e2e/
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { collectPageErrors, formatViolations, newContext, runAxe } from './lib/browser.mjs';
import { serverAndBrowser } from './lib/pages.mjs';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './lib/server.mjs';

const TEST_TIMEOUT_MS = 60_000;

/** Pathname of the page's current address. */
function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Describes the login form's fields as the browser sees them, for assertions. */
function describeLoginForm(page) {
  return page.evaluate(() => {
    const labelOf = (input) => {
      if (!input) return '';
      const labels = [...(input.labels ?? [])].map((label) => label.textContent.trim()).filter(Boolean);
      return labels.join(' ');
    };
    const username = document.querySelector('form input[name="username"]');
    const password = document.querySelector('form input[name="password"]');
    const form = username?.form ?? null;
    const submit = form?.querySelector('button[type="submit"], button:not([type]), input[type="submit"]') ?? null;
    return {
      hasForm: form !== null,
      method: form?.method ?? '',
      sameForm: form !== null && password?.form === form,
      usernameLabel: labelOf(username),
      passwordLabel: labelOf(password),
      passwordType: password?.type ?? '',
      hasSubmit: submit !== null,
      lang: document.documentElement.lang,
      mainCount: document.querySelectorAll('main').length,
    };
  });
}

async function submitLogin(page, username, password) {
  await page.locator('form input[name="username"]').fill(username);
  await page.locator('form input[name="password"]').fill(password);
  await page
    .locator('form:has(input[name="username"])')
    .locator('button[type="submit"], button:not([type]), input[type="submit"]')
    .first()
    .click();
}

describe('login', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  const running = serverAndBrowser();

  test('the login form is labelled, signs the admin in and out, and passes axe', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(running.browser);
    try {
      const page = await context.newPage();
      const pageErrors = collectPageErrors(page);

      const response = await page.goto(`${running.server.baseUrl}/login`);
      assert.equal(response.status(), 200, 'GET /login answers 200');
      const form = await describeLoginForm(page);
      assert.ok(form.hasForm, 'the page has a form with an input named "username"');
      assert.equal(form.method, 'post', 'the login form posts');
      assert.ok(form.sameForm, 'the password input is in the same form as the username input');
      assert.notEqual(form.usernameLabel, '', 'the username input has a <label>');
      assert.notEqual(form.passwordLabel, '', 'the password input has a <label>');
      assert.equal(form.passwordType, 'password', 'the password input hides what is typed');
      assert.ok(form.hasSubmit, 'the form has a submit button');
      assert.notEqual(form.lang, '', '<html> has a lang attribute');
      assert.equal(form.mainCount, 1, 'the page has one <main>');

      const loginViolations = await runAxe(page);
      assert.equal(loginViolations.length, 0, `axe on /login:\n${formatViolations(loginViolations)}`);

      await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/');

      const navigation = page.getByRole('navigation');
      assert.ok((await navigation.count()) > 0, 'the signed-in page has a navigation landmark');
      const navigationText = (await navigation.allInnerTexts()).join('\n');
      assert.match(navigationText, /admin/i, 'the navigation names the signed-in user');
      assert.ok((await page.getByRole('heading').count()) > 0, 'the start page has a heading');
      assert.equal(pageErrors.errors.length, 0, `console or page errors:\n${pageErrors.format()}`);

      const homeViolations = await runAxe(page);
      assert.equal(homeViolations.length, 0, `axe on /:\n${formatViolations(homeViolations)}`);

      const logout = page.getByRole('button', { name: 'Log out' });
      assert.equal(await logout.count(), 1, 'one "Log out" button');
      const logoutForm = await logout.evaluate((button) => ({
        method: button.form?.method ?? '',
        action: button.form ? new URL(button.form.action).pathname : '',
      }));
      assert.deepEqual(logoutForm, { method: 'post', action: '/logout' }, 'Log out is a form POST to /logout');

      await logout.click();
      await page.waitForURL((url) => url.pathname === '/login');
      assert.equal(await page.locator('form input[name="username"]').count(), 1, 'the login form is shown again');

      // The session is gone, not just the page: the start page asks for a login again.
      await page.goto(`${running.server.baseUrl}/`);
      assert.equal(pathOf(page), '/login', 'after logging out, / leads to /login');
      assert.equal(pageErrors.errors.length, 0, `console or page errors:\n${pageErrors.format()}`);
    } finally {
      await context.close();
    }
  });

  test('a wrong password keeps the user on the login page with an error', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(running.browser);
    try {
      const page = await context.newPage();
      const pageErrors = collectPageErrors(page);
      await page.goto(`${running.server.baseUrl}/login`);

      await submitLogin(page, ADMIN_USERNAME, `${ADMIN_PASSWORD} but wrong`);
      // Waits across the form's navigation, whether the server answers the POST with the page
      // itself or redirects back to /login.
      await page.getByText(/wrong/i).first().waitFor({ state: 'visible' });

      assert.equal(pathOf(page), '/login', 'still on /login');
      assert.equal(await page.locator('form input[name="username"]').count(), 1, 'the login form is shown again');
      assert.equal(await page.getByRole('button', { name: 'Log out' }).count(), 0, 'not signed in');
      // An error status on the page itself is logged by Chromium as a failed load; that is the
      // server's correct answer here, so only other errors count.
      const otherErrors = pageErrors.errors.filter((error) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(error));
      assert.equal(otherErrors.length, 0, `console or page errors:\n${otherErrors.join('\n')}`);

      const violations = await runAxe(page);
      assert.equal(violations.length, 0, `axe on the failed login:\n${formatViolations(violations)}`);

      const signedIn = await page.goto(`${running.server.baseUrl}/`);
      assert.ok(signedIn.ok(), 'the start page answers');
      assert.equal(pathOf(page), '/login', 'a failed login opens no session');
    } finally {
      await context.close();
    }
  });
});
