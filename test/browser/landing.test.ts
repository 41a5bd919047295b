import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness/test-app.ts';
import { openBrowserSuite, type BrowserSuite } from '../harness/browser-suite.ts';
import { CHROMIUM_SKIP } from '../harness/chromium.ts';

// A real browser: the landing page, from it the reference (every operation says its scope), a guide and the errors page.
describe('landing page and docs in headless Chromium', { skip: CHROMIUM_SKIP }, () => {
  let s: BrowserSuite;
  let t: TestApp;
  let page: Page;
  let base: string;
  const shot = (name: string) => s.shot(name);

  before(async () => {
    s = await openBrowserSuite('landing');
    ({ t, page, base } = s);
  });
  after(async () => {
    await s?.close();
  });

  test('the landing page shows what runs and the sandbox credentials, styled, with no console errors', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(e.message));
    // Every resource the page loads answers (the browser's own favicon probe aside).
    page.on('response', (r) => void (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(r.url())));
    await page.goto(`${base}/`);
    assert.equal(await page.locator('h1').textContent(), 'Lockyard is running');
    assert.equal(await page.locator('[data-fact="mode"] .badge').textContent(), 'Sandbox');
    assert.ok((await page.locator('[data-cred="token"]').allTextContents()).includes(t.a.token));
    // The back office's stylesheet applied: the header is dark, not the browser default.
    const headerBg = await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(headerBg, 'rgb(29, 35, 48)');
    await shot('landing');
    assert.deepEqual(errors, []);
  });

  test('from the landing page: the reference lists operations with their required scope', async () => {
    await page.goto(`${base}/`);
    await page.locator('main a[href="/docs"]').first().click();
    // swagger-ui renders the whole document in the page: on a loaded CI box that took over 15 s.
    await page.waitForSelector('.opblock', { timeout: 60_000 });
    const op = page.locator('#operations-Contacts-listContacts');
    await op.locator('.opblock-summary').click();
    await op.locator('.opblock-description-wrapper').waitFor();
    assert.match(
      (await op.locator('.opblock-description-wrapper').textContent()) ?? '',
      /Required scope: public\.contact:read/,
    );
    await shot('reference');
  });

  test('a guide and the error catalogue render, linked from the landing page', async () => {
    await page.goto(`${base}/`);
    await page.locator('main a[href="/docs/guides/webhooks"]').click();
    assert.equal(await page.locator('article.guide h1').textContent(), 'Webhooks and signatures');
    assert.ok(await page.locator('article.guide pre code').count());
    await shot('guide-webhooks');
    const err = await (await fetch(`${base}/2025-09/sites/nope`)).json();
    const link = new URL(err.error.links[1].url); // the test app's public URL: same path on this server
    await page.goto(`${base}${link.pathname}${link.hash}`);
    assert.ok(await page.locator('#overview--errors').isVisible());
    assert.ok(await page.locator('tr#resource_not_found').isVisible());
  });
});
