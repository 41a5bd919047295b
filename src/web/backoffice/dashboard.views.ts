import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { money } from '../../kernel/money.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { percent, type Dashboard, type SiteFigures } from '../../domain/dashboard/dashboard.ts';

const ROW = 46;
const LABEL = 190;
const BAR = 420;
const WIDTH = LABEL + BAR + 70;

/**
 * Occupancy as a server-rendered SVG: per site, a bar for the share of units and one for the share of floor area
 * that tenants hold. The SVG is one labelled image; the table after it carries the same figures for screen readers
 * and for anyone who wants the numbers.
 */
function occupancyChart(sites: SiteFigures[]): Html {
  const height = Math.max(sites.length, 1) * ROW + 30;
  const bar = (y: number, value: number, cls: string) => html`
    <rect x="${LABEL}" y="${y}" width="${BAR}" height="14" class="track"/>
    <rect x="${LABEL}" y="${y}" width="${Math.round((BAR * Math.min(value, 100)) / 100)}" height="14" class="${cls}"/>
    <text x="${LABEL + BAR + 8}" y="${y + 12}">${value}%</text>`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="occupancy-chart-title" focusable="false">
    <title id="occupancy-chart-title">Occupancy per site: share of units and of floor area occupied (the table below has the figures)</title>
    <g class="legend" aria-hidden="true">
      <rect x="${LABEL}" y="4" width="12" height="12" class="units"/><text x="${LABEL + 18}" y="15">units</text>
      <rect x="${LABEL + 80}" y="4" width="12" height="12" class="area"/><text x="${LABEL + 98}" y="15">area</text>
    </g>
    <g aria-hidden="true">
    ${sites.map((s, i) => {
      const y = 30 + i * ROW;
      return html`<text x="0" y="${y + 20}" class="site">${s.name.length > 26 ? `${s.name.slice(0, 25)}…` : s.name}</text>
        ${bar(y, percent(s.occupiedUnits, s.units), 'units')}
        ${bar(y + 17, percent(s.occupiedArea, s.area), 'area')}`;
    })}
    </g>
  </svg>`;
}

function occupancyTable(sites: SiteFigures[]): Html {
  return html`<table id="occupancy">
    <caption>Occupancy per site (occupied or overlocked units)</caption>
    <thead><tr><th scope="col">Site</th><th scope="col">Units occupied</th><th scope="col">Unit occupancy</th><th scope="col">Area occupied</th><th scope="col">Area occupancy</th><th scope="col">Available</th><th scope="col">Reserved</th><th scope="col">Unavailable</th></tr></thead>
    <tbody>
    ${sites.map(
      (s) => html`<tr data-site="${s.siteId}">
        <th scope="row"><a href="/backoffice/units?site_id=${s.siteId}">${s.name}</a></th>
        <td data-units>${s.occupiedUnits} of ${s.units}</td>
        <td>${percent(s.occupiedUnits, s.units)}%</td>
        <td data-area>${s.occupiedArea.toLocaleString('en-GB')} of ${s.area.toLocaleString('en-GB')} ${s.areaUnit}</td>
        <td>${percent(s.occupiedArea, s.area)}%</td>
        <td>${s.byStatus.available}</td>
        <td>${s.byStatus.reserved}</td>
        <td>${s.byStatus.unavailable}</td>
      </tr>`,
    )}
    </tbody>
  </table>`;
}

function movesTable(sites: SiteFigures[]): Html {
  const sum = (pick: (s: SiteFigures) => number) => sites.reduce((n, s) => n + pick(s), 0);
  return html`<table id="moves">
    <caption>Move-ins and move-outs, each site's own calendar day</caption>
    <thead><tr><th scope="col">Site</th><th scope="col">Move-ins today</th><th scope="col">Move-ins next 7 days</th><th scope="col">Move-outs today</th><th scope="col">Move-outs next 7 days</th></tr></thead>
    <tbody>
    ${sites.map(
      (s) => html`<tr data-site="${s.siteId}"><th scope="row">${s.name} <span class="muted">${s.timezone}</span></th>
        <td data-move-ins-today>${s.moveIns.today}</td><td data-move-ins-week>${s.moveIns.next7Days}</td>
        <td data-move-outs-today>${s.moveOuts.today}</td><td data-move-outs-week>${s.moveOuts.next7Days}</td></tr>`,
    )}
    </tbody>
    <tfoot><tr><th scope="row">All sites</th><td>${sum((s) => s.moveIns.today)}</td><td>${sum((s) => s.moveIns.next7Days)}</td><td>${sum((s) => s.moveOuts.today)}</td><td>${sum((s) => s.moveOuts.next7Days)}</td></tr></tfoot>
  </table>`;
}

/** The dashboard: occupancy, moves, and what needs attention (overdue invoices, open tasks, deals by stage). */
export function dashboardPage(p: { session: StaffSession; csrf: string; dashboard: Dashboard }): string {
  const d = p.dashboard;
  const overdue = money(d.overdueInvoices.amount, d.currency).formatted;
  return layout(
    { title: 'Dashboard', session: p.session, csrf: p.csrf },
    html`<h1>Dashboard</h1>
      <p class="lead">As of ${when(d.now)} on the operator clock.</p>
      <div class="tiles">
        <a class="tile" id="overdue-invoices" href="/backoffice/billing?status=overdue">
          <span class="figure">${d.overdueInvoices.count}</span> overdue invoices <span class="sub">${overdue} unpaid</span></a>
        <a class="tile" id="open-tasks" href="/backoffice/tasks">
          <span class="figure">${d.tasks.open}</span> open tasks <span class="sub">${d.tasks.overdue} past due</span></a>
        <a class="tile" href="/backoffice/deals">
          <span class="figure">${d.dealsByStage.reduce((n, s) => n + s.deals, 0)}</span> open deals <span class="sub">by stage below</span></a>
      </div>
      <section class="card"><header><h2>Occupancy</h2><p>Occupied means a tenant holds the unit (occupied or overlocked).</p></header>
        ${d.sites.length ? [occupancyChart(d.sites), occupancyTable(d.sites)] : html`<p class="empty">No sites yet: add one in the <a href="/backoffice/catalogue">catalogue</a>.</p>`}
      </section>
      <section class="card"><header><h2>Move-ins and move-outs</h2><p>Today, then the seven days after it.</p></header>
        ${d.sites.length ? movesTable(d.sites) : html`<p class="empty">No sites yet.</p>`}
      </section>
      <section class="card"><header><h2>Deals by stage</h2><p><a href="/backoffice/deals">Deals board</a></p></header>
        ${
          d.dealsByStage.length
            ? html`<table id="deals-by-stage"><thead><tr><th scope="col">Stage</th><th scope="col">Open deals</th></tr></thead><tbody>
              ${d.dealsByStage.map((s) => html`<tr><th scope="row"><a href="/backoffice/deals">${s.name}</a></th><td>${s.deals}</td></tr>`)}
            </tbody></table>`
            : html`<p class="empty">No deal stages.</p>`
        }
      </section>`,
  );
}
