import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { STORE } from '../harness/test-app.ts';
import { openBrowserSuite, signInToBackOffice, type BrowserSuite } from '../harness/browser-suite.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations, screenshotDir } from '../harness/chromium.ts';

/**
 * A day at the desk in a real browser: a walk-in's booking paid by card in person, move-in (access granted), the
 * invoice marked paid and refunded as a credit note; then the deals board, tasks and unit grid with htmx (partial
 * updates, no navigation, no Content-Security-Policy violation) and the same actions with JavaScript off.
 */
describe(`back office day to day in headless Chromium (${STORE})`, { skip: CHROMIUM_SKIP }, () => {
  let s: BrowserSuite;
  let page: Page;
  let base: string;
  const problems: string[] = [];
  const shot = (name: string) => s.shot(name);
  /** Set before an htmx action; still there after it when the page was updated in place, not loaded again. */
  const mark = () => page.evaluate(() => ((globalThis as any).__stillHere = true));
  const stillHere = () => page.evaluate(() => (globalThis as any).__stillHere === true);

  before(async () => {
    s = await openBrowserSuite('backoffice-day-to-day');
    ({ page, base } = s);
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    // Chromium asks for /favicon.ico on its own; every other request must succeed or be a refused form (4xx page).
    page.on('response', (r) => {
      if (r.status() >= 500 || (r.status() === 404 && !r.url().endsWith('/favicon.ico')))
        problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await signInToBackOffice(s);
  });
  after(async () => {
    await s?.close();
  });

  let contactUrl = '';
  let moveInDay = '';

  test('walk-in booking, card in person, move in', async () => {
    await page.goto(`${base}/backoffice/bookings`);
    await shot('01-bookings');
    await expectNoSeriousA11yViolations(page, { label: 'bookings' });
    await page.fill('#contact', 'wendy.walkin@example.com');
    await page.fill('#full_name', 'Wendy Walkin');
    // Moving in tomorrow: the unit is reserved now and the door opens at move-in (grant access).
    const today = await page.inputValue('#starts_on');
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.fill('#starts_on', tomorrow);
    await page.click('#walk-in button.primary');
    assert.match(page.url(), /\/backoffice\/bookings\/orders\/[a-z]+_/);
    assert.equal(await page.getAttribute('#order-status', 'data-status'), 'finalized');
    await page.fill('#card-name', 'Wendy Walkin');
    // The sandbox card that is kept on file but declines later charges: move-in day's collection fails.
    await page.fill('#card-number', '4000 0000 0000 0341');
    await page.fill('#card-expiry', '12/34');
    await page.fill('#card-cvc', '123');
    await shot('02-card-in-person');
    await expectNoSeriousA11yViolations(page, { label: 'order' });
    await page.click('#card-in-person button.primary');
    assert.match(page.url(), /\/backoffice\/contacts\/[a-z]+_/);
    contactUrl = page.url().replace(/[?#].*$/, '');
    assert.match(await page.locator('h1').innerText(), /Wendy Walkin/);
    assert.match(await page.locator('#payment-method').innerText(), /0341/);

    await shot('03a-contact-booked');
    await page.click('#rentals button:has-text("Move in")');
    assert.match(await page.getByRole('status').innerText(), /Moved in|door code/i);
    assert.match(await page.locator('#rentals').innerText(), /occupied/);
    await shot('03-contact-moved-in');
    assert.equal(await page.locator('#contact-invoices [data-status]').first().getAttribute('data-status'), 'draft');
    moveInDay = tomorrow;
    await expectNoSeriousA11yViolations(page, { label: 'contact' });
  });

  test('move-in day: the card on file declines; the invoice is marked paid at the desk, then refunded', async () => {
    const advanced = await s.t.post('/sandbox/clock/advance', { to: `${moveInDay}T12:00:00Z` }, { token: s.t.a.token });
    assert.equal(advanced.status, 200, advanced.text);
    await s.t.lockyard.engines.jobs.runDue();
    await page.goto(contactUrl);
    await page.locator('#contact-invoices a').first().click();
    assert.equal(await page.getAttribute('#invoice-status', 'data-status'), 'open');
    await page.click('button:has-text("Mark paid")');
    assert.equal(await page.getAttribute('#invoice-status', 'data-status'), 'paid');
    await page.selectOption('#refund-reason', { index: 0 });
    await page.click('#refund button.danger');
    assert.match(await page.locator('#credit-notes').innerText(), /CN|credit/i);
    assert.notEqual(await page.locator('#invoice-credited').innerText(), '£0.00');
    await shot('04-invoice-refunded');
    await expectNoSeriousA11yViolations(page, { label: 'invoice' });
    await page.goto(`${base}/backoffice/billing`);
    await shot('05-billing');
    await expectNoSeriousA11yViolations(page, { label: 'billing' });
    await page.goto(`${base}/backoffice/billing/credit-notes`);
    await shot('06-credit-notes');
    await expectNoSeriousA11yViolations(page, { label: 'credit notes' });
    await page.goto(`${base}/backoffice/contacts?q=walkin`);
    await shot('07-contacts');
    await expectNoSeriousA11yViolations(page, { label: 'contacts' });
  });

  test('deals board: a stage move updates the board in place (htmx)', async () => {
    await page.goto(`${base}/backoffice/deals`);
    await shot('08-deals');
    await expectNoSeriousA11yViolations(page, { label: 'deals' });
    const card = page
      .locator('.board article')
      .filter({ has: page.locator('button[aria-label^="Move"]') })
      .first();
    const id = (await card.getAttribute('id'))!;
    const from = (await card.getAttribute('data-stage'))!;
    await mark();
    await card.locator('button[aria-label^="Move"]').last().click();
    await page.getByRole('status').filter({ hasText: 'Deal moved.' }).waitFor();
    assert.notEqual(await page.getAttribute(`[id="${id}"]`, 'data-stage'), from);
    assert.ok(await stillHere(), 'the board was swapped, not the page reloaded');
    // The keyboard focus is back on the deal's → (htmx restores it by id): the next stage is one key away.
    await page.waitForFunction((deal) => document.activeElement?.id === `${deal}-on`, id);
    assert.equal(new URL(page.url()).pathname, '/backoffice/deals');
    await expectNoSeriousA11yViolations(page, { label: 'deals after a move' });
  });

  test('tasks: completing one updates the list in place (htmx)', async () => {
    await page.goto(`${base}/backoffice/tasks?view=all`);
    await shot('09-tasks');
    await expectNoSeriousA11yViolations(page, { label: 'tasks' });
    const row = page.locator('#task-list tr[id]').first();
    const id = (await row.getAttribute('id'))!;
    await mark();
    await row.locator('button:has-text("Complete")').click();
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
    assert.equal(await page.locator(`[id="${id}"]`).count(), 0, 'gone from the open tasks');
    assert.ok(await stillHere());
  });

  test('unit grid: filters apply as they change, the URL follows (htmx)', async () => {
    await page.goto(`${base}/backoffice/units`);
    await mark();
    await page.selectOption('#status', 'occupied');
    await page.waitForURL(/status=occupied/);
    await page
      .locator('#unit-count')
      .filter({ hasText: /of \d+/ })
      .waitFor();
    const statuses = await page
      .locator('.unit-tile')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    assert.ok(statuses.length > 0);
    assert.deepEqual([...new Set(statuses)], ['occupied']);
    assert.ok(await stillHere());
    await shot('10-units-filtered');
    await expectNoSeriousA11yViolations(page, { label: 'units' });
  });

  test('Settings → Email templates: a Liquid error keeps the text, the preview renders, the edit is saved', async () => {
    await page.goto(`${base}/backoffice/settings/email-templates`);
    await shot('11-email-templates');
    await expectNoSeriousA11yViolations(page, { label: 'email templates' });
    await page.click('a[href="/backoffice/settings/email-templates/receipt"]');
    const broken = 'Thanks {{ contact_name }}, {% if amount_paid %}we got {{ amount_paid }}.';
    await page.fill('#f-text', broken);
    await page.click('button[value=save]');
    assert.match(
      await page.locator('#f-text-error').innerText(),
      /Text body has a Liquid error: tag \{% if amount_paid %\} not closed/,
    );
    assert.equal(await page.inputValue('#f-text'), broken);
    await shot('12-email-template-error');
    await expectNoSeriousA11yViolations(page, { label: 'email template error' });
    await page.fill('#f-text', 'Thanks {{ contact_name }}, {% if amount_paid %}we got {{ amount_paid }}.{% endif %}');
    await page.click('button[value=preview]');
    assert.equal(await page.locator('#preview-text').innerText(), 'Thanks Alex Sample, we got £60.00.');
    const frame = page.frameLocator('#preview-html');
    assert.match(await frame.locator('body').innerText(), /Alex Sample/);
    await shot('13-email-template-preview');
    // A full-page screenshot leaves the sandboxed frame (its own process) blank: the frame on its own.
    await page
      .locator('#preview-html')
      .screenshot({ path: join(screenshotDir('backoffice-day-to-day'), '14-email-preview-frame.png') });
    await expectNoSeriousA11yViolations(page, { label: 'email template preview' });
    await page.click('button[value=save]');
    assert.match(await page.getByRole('status').innerText(), /Template saved/);
    await page.click('#reset-template button');
    assert.match(await page.getByRole('status').innerText(), /Template reset/);
  });

  test('no script error and no Content-Security-Policy violation on the way', () => {
    assert.deepEqual(problems, []);
  });

  describe('with JavaScript off', () => {
    let context: BrowserContext;
    let off: Page;
    before(async () => {
      context = await s.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
      off = await context.newPage();
      await signInToBackOffice({ t: s.t, page: off, base });
    });
    after(() => context?.close());

    test('a deal moves, a task reopens and the grid filters by plain form posts, GETs and redirects', async () => {
      await off.goto(`${base}/backoffice/deals`);
      const card = off
        .locator('.board article')
        .filter({ has: off.locator('button[aria-label^="Move"]') })
        .first();
      const id = (await card.getAttribute('id'))!;
      const from = (await card.getAttribute('data-stage'))!;
      await card.locator('button[aria-label^="Move"]').last().click();
      assert.match(off.url(), /\/backoffice\/deals\?done=moved/);
      assert.notEqual(await off.getAttribute(`[id="${id}"]`, 'data-stage'), from);

      // The task completed above is reopened.
      await off.goto(`${base}/backoffice/tasks?view=completed`);
      const row = off.locator('#task-list tr[id]').first();
      const task = (await row.getAttribute('id'))!;
      await row.locator('button:has-text("Reopen")').click();
      assert.match(off.url(), /\/backoffice\/tasks\?view=completed&done=reopen/);
      assert.equal(await off.locator(`[id="${task}"]`).count(), 0);

      await off.goto(`${base}/backoffice/units`);
      await off.selectOption('#status', 'occupied');
      await off.click('form.filters button.primary');
      assert.match(off.url(), /status=occupied/);
    });
  });
});
