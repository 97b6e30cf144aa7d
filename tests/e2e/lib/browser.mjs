// Browser helpers for Vern's end-to-end tests: Debian's chromium driven by playwright-core
// (which never downloads a browser), axe-core accessibility checks, and a collector of the
// errors a page reports.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Debian's chromium; VERN_CHROMIUM overrides it for machines that keep it elsewhere. */
export const CHROMIUM_PATH = process.env.VERN_CHROMIUM || '/usr/bin/chromium';

// Background networking, updates and sync are off so the browser talks only to the server
// under test.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** The WCAG 2.1 level A and AA rules; best-practice rules are not asserted. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_SCRIPT_PATH = require.resolve('axe-core/axe.min.js');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * A fresh context (its own cookies). The page's Content-Security-Policy is enforced by default,
 * so a page that breaks under its own policy shows console errors; runAxe works either way.
 */
export async function newContext(browser, options = {}) {
  return browser.newContext({ bypassCSP: false, locale: 'en-GB', ...options });
}

let axeSource;

/**
 * Runs axe-core on the page as it is now and returns the WCAG 2.1 A/AA violations (an empty
 * array when there are none). axe is evaluated through the DevTools protocol rather than added
 * as a <script> tag: a script tag needs a context that bypasses CSP, evaluation works under
 * any policy and leaves no CSP error in the console.
 */
export async function runAxe(page, { tags = WCAG_TAGS } = {}) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    axeSource ??= await readFile(AXE_SCRIPT_PATH, 'utf8');
    await page.evaluate(axeSource);
  }
  const results = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }),
    tags,
  );
  return results.violations;
}

/** One readable line per violation and offending element, for assertion messages. */
export function formatViolations(violations) {
  return violations
    .map((violation) => {
      const targets = violation.nodes.map((node) => `    at ${node.target.join(' ')}: ${node.failureSummary ?? ''}`);
      return [`${violation.id} (${violation.impact}): ${violation.help} ${violation.helpUrl}`, ...targets].join('\n');
    })
    .join('\n');
}

/**
 * Collects console errors and uncaught page errors from the moment it is called. Returns an
 * object whose `errors` array grows as the page runs; `format()` gives them one per line.
 */
export function collectPageErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const location = message.location();
    const where = location && location.url ? ` (${location.url}:${location.lineNumber})` : '';
    errors.push(`console.error: ${message.text()}${where}`);
  });
  page.on('pageerror', (error) => {
    errors.push(`page error: ${error.message}`);
  });
  return {
    errors,
    format() {
      return errors.join('\n');
    },
  };
}
