import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession, demoStaffOn } from '../harness/backoffice-session.ts';
import { systemPrincipal } from '../../src/domain/context.ts';
import { money } from '../../src/kernel/money.ts';

const DAY = 86_400_000;

/**
 * Back office → Dashboard: every figure checked against an independent SQL count over the seeded operator
 * (site-local days computed by PostgreSQL's own AT TIME ZONE, not by the code under test).
 */
describe('back office: dashboard', () => {
  let t: TestApp;
  let staff: BackofficeSession;

  before(async () => {
    t = await createTestApp();
    ({ staff } = await demoStaffOn(t, t.a.id));
  });
  after(() => t.close());

  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(t.lockyard.database.db)).rows[0];
  const rowOf = (body: string, siteId: string, table: string) => {
    const section = body.slice(body.indexOf(`<table id="${table}"`));
    return section.slice(
      section.indexOf(`data-site="${siteId}"`),
      section.indexOf('</tr>', section.indexOf(`data-site="${siteId}"`)),
    );
  };

  test('signed out: sign-in; signed in, the back office home is the dashboard', async () => {
    const anon = new BackofficeSession(t.lockyard.app);
    const res = await anon.get('/backoffice/dashboard');
    assert.equal(res.status, 303);
    assert.match(res.location!, /^\/backoffice\/sign-in/);
    const home = await staff.get('/backoffice');
    assert.equal(home.location, '/backoffice/dashboard');
  });

  test('occupancy per site in units and area, as a chart with a table equivalent', async () => {
    const page = await staff.get('/backoffice/dashboard');
    assert.equal(page.status, 200);
    assert.match(page.body, /<svg class="chart"[^>]*role="img" aria-labelledby="occupancy-chart-title"/);
    const sites = (
      await sql<{ id: string }>`SELECT id FROM sites WHERE operator_id = ${t.a.id}`.execute(t.lockyard.database.db)
    ).rows;
    assert.ok(sites.length > 0);
    let anyOccupied = false;
    for (const site of sites) {
      const c = await one(sql<{ total: number; occupied: number; area: number; occupied_area: number }>`
        SELECT count(*)::int AS total,
               (count(*) FILTER (WHERE u.status IN ('occupied', 'overlock')))::int AS occupied,
               coalesce(sum((ut.dimensions->>'width')::float * (ut.dimensions->>'length')::float), 0) AS area,
               coalesce(sum((ut.dimensions->>'width')::float * (ut.dimensions->>'length')::float)
                 FILTER (WHERE u.status IN ('occupied', 'overlock')), 0) AS occupied_area
        FROM units u JOIN unit_types ut ON ut.id = u.unit_type_id WHERE u.site_id = ${site.id}`);
      const row = rowOf(page.body, site.id, 'occupancy');
      assert.match(row, new RegExp(`data-units>${c.occupied} of ${c.total}<`), `units at ${site.id}`);
      const fmt = (n: number) => Math.round(Number(n)).toLocaleString('en-GB');
      assert.match(
        row,
        new RegExp(`data-area>${fmt(c.occupied_area)} of ${fmt(c.area)} (sq ft|m²)<`),
        `area at ${site.id}`,
      );
      if (c.occupied > 0) anyOccupied = true;
    }
    assert.ok(anyOccupied, 'the seed has occupied units');
  });

  test('move-ins and move-outs today and in the next 7 days, in each site’s time zone on the operator clock', async () => {
    // A tenancy moving in tomorrow and one moving out today at a site, made by SQL so the expectation is exact.
    const site = await one(sql<{ id: string; timezone: string }>`
      SELECT id, timezone FROM sites WHERE operator_id = ${t.a.id} ORDER BY name LIMIT 1`);
    const ctx = await t.lockyard.services.contexts.contextFor(t.a.id, systemPrincipal('cli'));
    const expected = async () =>
      one(sql<{ in_today: number; in_week: number; out_today: number; out_week: number }>`
        WITH d AS (SELECT (${ctx.now()}::timestamptz AT TIME ZONE ${site.timezone})::date AS today)
        SELECT
          (count(*) FILTER (WHERE (starts_at AT TIME ZONE ${site.timezone})::date = d.today))::int AS in_today,
          (count(*) FILTER (WHERE (starts_at AT TIME ZONE ${site.timezone})::date BETWEEN d.today + 1 AND d.today + 7))::int AS in_week,
          (count(*) FILTER (WHERE (ends_at AT TIME ZONE ${site.timezone})::date = d.today))::int AS out_today,
          (count(*) FILTER (WHERE (ends_at AT TIME ZONE ${site.timezone})::date BETWEEN d.today + 1 AND d.today + 7))::int AS out_week
        FROM tenancies, d WHERE site_id = ${site.id}`);
    const before = await expected();
    const donor = await one(
      sql<{ contact_id: string }>`SELECT contact_id FROM tenancies WHERE site_id = ${site.id} LIMIT 1`,
    );
    const now = ctx.now();
    for (const [id, starts, ends] of [
      ['ten_dash_in', new Date(now.getTime() + DAY), null],
      ['ten_dash_out', new Date(now.getTime() - 90 * DAY), now],
      ['ten_dash_later', new Date(now.getTime() + 3 * DAY), new Date(now.getTime() + 20 * DAY)],
    ] as const) {
      await sql`INSERT INTO tenancies (id, operator_id, contact_id, site_id, starts_at, ends_at, created_at, updated_at)
        VALUES (${id}, ${t.a.id}, ${donor.contact_id}, ${site.id}, ${starts}, ${ends}, ${now}, ${now})`.execute(
        t.lockyard.database.db,
      );
    }
    const c = await expected();
    assert.ok(c.in_week >= before.in_week + 2 || c.in_today > before.in_today, 'the inserted tenancies count');
    const row = rowOf((await staff.get('/backoffice/dashboard')).body, site.id, 'moves');
    assert.match(row, new RegExp(`data-move-ins-today>${c.in_today}<`));
    assert.match(row, new RegExp(`data-move-ins-week>${c.in_week}<`));
    assert.match(row, new RegExp(`data-move-outs-today>${c.out_today}<`));
    assert.match(row, new RegExp(`data-move-outs-week>${c.out_week}<`));
  });

  test('overdue invoices (count, amount, link to billing), open tasks, open deals by stage', async () => {
    const ctx = await t.lockyard.services.contexts.contextFor(t.a.id, systemPrincipal('cli'));
    const inv = await one(sql<{ n: number; amount: number }>`
      SELECT count(*)::int AS n, coalesce(sum(amount_due - amount_paid), 0)::int AS amount FROM invoices
      WHERE operator_id = ${t.a.id} AND status IN ('open', 'uncollectible') AND finalized_at <= ${ctx.now()}`);
    const tasks = await one(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM tasks WHERE operator_id = ${t.a.id} AND status = 'open'`);
    const stages = (
      await sql<{ name: string; n: number }>`
        SELECT s.name, (SELECT count(*)::int FROM deals d WHERE d.stage_id = s.id AND d.status = 'open') AS n
        FROM deal_stages s WHERE s.operator_id = ${t.a.id} ORDER BY s.position`.execute(t.lockyard.database.db)
    ).rows;
    const body = (await staff.get('/backoffice/dashboard')).body;
    const tile = (id: string) =>
      body.slice(body.indexOf(`id="${id}"`), body.indexOf('</a>', body.indexOf(`id="${id}"`)));
    assert.match(tile('overdue-invoices'), new RegExp(`<span class="figure">${inv.n}</span> overdue invoices`));
    assert.match(body, /href="\/backoffice\/billing\?status=overdue"/);
    const currency = ctx.operator.currency;
    assert.ok(tile('overdue-invoices').includes(money(inv.amount, currency).formatted));
    assert.match(tile('open-tasks'), new RegExp(`<span class="figure">${tasks.n}</span> open tasks`));
    assert.match(body, /href="\/backoffice\/tasks"/);
    const deals = body.slice(body.indexOf('id="deals-by-stage"'));
    assert.ok(stages.length > 0);
    for (const s of stages)
      assert.match(deals, new RegExp(`>${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a></th><td>${s.n}</td>`));
  });
});
