import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness/test-app.ts';
import { openBrowserSuite, signInToBackOffice, type BrowserSuite } from '../harness/browser-suite.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations } from '../harness/chromium.ts';

// The dashboard, the catalogue (create a unit type and a unit, edit a price) and the unit grid in a real browser.
describe('back office dashboard, catalogue and unit grid in headless Chromium', { skip: CHROMIUM_SKIP }, () => {
  let s: BrowserSuite;
  let t: TestApp;
  let page: Page;
  let base: string;
  const shot = (name: string) => s.shot(name);

  before(async () => {
    s = await openBrowserSuite('backoffice-catalogue');
    ({ t, page, base } = s);
    await signInToBackOffice(s);
  });
  after(async () => {
    await s?.close();
  });

  test('the dashboard: occupancy chart and table, moves, tiles linking to billing, tasks and deals', async () => {
    assert.ok(await page.isVisible('svg.chart'));
    assert.ok((await page.locator('#occupancy tbody tr').count()) > 0);
    assert.equal(await page.getAttribute('#overdue-invoices', 'href'), '/backoffice/billing?status=overdue');
    await shot('01-dashboard');
    await expectNoSeriousA11yViolations(page);
  });

  let siteId = '';

  test('create a unit type (a refusal first keeps the input), then a unit of it', async () => {
    await page.goto(`${base}/backoffice/catalogue`);
    await page.click('summary:has-text("New unit type")');
    siteId = (await page.locator('#create-unit-types #f-site_id option').nth(1).getAttribute('value'))!;
    await page.selectOption('#create-unit-types #f-site_id', siteId);
    await page.fill('#create-unit-types #f-name', 'Browser locker');
    await page.fill('#create-unit-types #f-size_description', 'a tall locker');
    await page.fill('#create-unit-types #f-monthly', 'twelve');
    await page.click('#create-unit-types button[type=submit]');
    await page.waitForSelector('#create-unit-types .error');
    assert.match(
      (await page.textContent('#create-unit-types .error'))!,
      /value at `\/prices\/monthly\/amount` is not an integer/,
    );
    assert.equal(await page.inputValue('#create-unit-types #f-size_description'), 'a tall locker');
    await shot('02-unit-type-refused');
    await expectNoSeriousA11yViolations(page);

    await page.fill('#create-unit-types #f-monthly', '12.50');
    await page.fill('#create-unit-types #f-width', '3');
    await page.fill('#create-unit-types #f-length', '4');
    await Promise.all([
      page.waitForURL(/\/backoffice\/catalogue\/unit-types\/utype_[0-9a-f]+\?done=created/),
      page.click('#create-unit-types button[type=submit]'),
    ]);
    assert.match((await page.textContent('.notice'))!, /Created/);
    assert.equal(await page.inputValue('#edit-prices #f-monthly'), '12.50');
    await shot('03-unit-type-created');
    await expectNoSeriousA11yViolations(page);

    await page.goto(`${base}/backoffice/catalogue`);
    await page.click('summary:has-text("New unit")>> nth=1');
    const option = page.locator('#create-units #f-unit_type_id option', { hasText: 'Browser locker' });
    await page.selectOption('#create-units #f-unit_type_id', (await option.getAttribute('value'))!);
    await page.fill('#create-units #f-reference_id', 'BRW-1');
    await Promise.all([
      page.waitForURL(/\/backoffice\/catalogue\/units\/unit_[0-9a-f]+\?done=created/),
      page.click('#create-units button[type=submit]'),
    ]);
    assert.equal(await page.inputValue('#edit #f-reference_id'), 'BRW-1');
  });

  test('edit a base price', async () => {
    await page.goto(`${base}/backoffice/catalogue`);
    await page.click('#unit-types a:has-text("Browser locker")');
    await page.fill('#edit-prices #f-monthly', '14.00');
    await Promise.all([page.waitForURL(/\?done=prices/), page.click('#edit-prices button[type=submit]')]);
    assert.equal(await page.inputValue('#edit-prices #f-monthly'), '14.00');
    await shot('04-price-edited');
    await page.goto(`${base}/backoffice/catalogue`);
    const row = page.locator('#unit-types tr', { hasText: 'Browser locker' });
    assert.match((await row.locator('[data-monthly]').textContent())!, /14\.00/);
    await shot('05-catalogue');
    await expectNoSeriousA11yViolations(page);
  });

  test('the unit grid filtered by site, unit type and reference', async () => {
    await page.goto(`${base}/backoffice/units`);
    await page.selectOption('#site_id', siteId);
    await page.fill('#search', 'BRW');
    await Promise.all([page.waitForURL(/search=BRW/), page.click('form.filters button[type=submit]')]);
    assert.match(page.url(), new RegExp(`site_id=${siteId}`));
    const tiles = page.locator('a.unit-tile');
    assert.equal(await tiles.count(), 1);
    assert.match((await tiles.first().textContent())!, /BRW-1[\s\S]*Browser locker[\s\S]*Available/);
    await shot('06-grid-filtered');
    await expectNoSeriousA11yViolations(page);
    await page.goto(`${base}/backoffice/units?site_id=${siteId}`);
    await shot('07-grid-site');
    await expectNoSeriousA11yViolations(page);
    await Promise.all([page.waitForURL(/\/backoffice\/units\/unit_/), tiles.first().click()]);
  });
});
