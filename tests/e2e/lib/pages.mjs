// Steps and checks that many browser tests share: a server and a browser for a suite, a page in
// a fresh context, logging in through the form, and asserting that a page passes axe.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { formatViolations, launchBrowser, newContext, runAxe } from './browser.mjs';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startServer } from './server.mjs';

/**
 * For a describe block: starts a server and a browser before its tests and stops both after them.
 * Returns an object whose `server` and `browser` are set once the suite runs.
 */
export function serverAndBrowser(serverOptions = {}) {
  const running = {};
  before(async () => {
    running.server = await startServer(serverOptions);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/** Runs `work(page)` on a page of a fresh context (its own cookies), closed afterwards. */
export async function withPage(browser, work) {
  const context = await newContext(browser);
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Logs in through the form (as the admin unless told otherwise) and waits for the start page. */
export async function logIn(page, baseUrl, { username = ADMIN_USERNAME, password = ADMIN_PASSWORD } = {}) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form:has(input[name="username"]) button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

/**
 * Calls the JSON API as the logged-in page: its session cookie and the CSRF token of the page's
 * first form. Asserts a 2xx answer and returns its JSON.
 */
export async function api(page, method, path, data) {
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const response = await page.request.fetch(path, {
    method,
    data,
    headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
  });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

/** Asserts that axe finds no WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectAccessible(page, where) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(violations)}`);
}
