import { html, type Html } from './html.ts';
import { layout } from './layout.ts';
import { banners, csrfField, type Banners } from './form-kit.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { LOST_REASONS, type Deal } from '../../domain/deals/deal.ts';
import type { DealStage } from '../../domain/deals/deal-stage.ts';

export interface DealsPage extends Banners {
  session: StaffSession;
  csrf: string;
  stages: DealStage[];
  open: Deal[];
  closed: Deal[];
  contactNames: Map<string, string>;
  /** What was typed into the new-deal form (kept on error), or the contact it was opened for. */
  typed?: Record<string, string>;
}

// Board actions post in the background with htmx and swap the board (LIVE); without JavaScript they post and redirect.
// `id`: htmx puts the focus back on the button with the same id after the swap, so a keyboard user can move a
// deal on stage after stage.
const post = (
  csrf: string,
  action: string,
  label: string,
  cls: string,
  fields: Html | string = '',
  aria?: string,
  id?: string,
) =>
  html`<form method="post" action="${action}" hx-post="${action}">${csrfField(csrf)}${fields}<button type="submit" class="small ${cls}"${id ? html` id="${id}"` : ''} ${aria ? html`aria-label="${aria}"` : ''}>${label}</button></form>`;

/** The board's region htmx swaps: the response's own copy of it replaces it (docs/decisions/backoffice-htmx.md). */
const LIVE = html`id="deals-live" hx-target="#deals-live" hx-select="#deals-live" hx-swap="outerHTML"`;

function card(p: DealsPage, d: Deal, i: number): Html {
  const prev = p.stages[i - 1];
  const next = p.stages[i + 1];
  const move = (to: DealStage, label: string, way: 'back' | 'on') =>
    post(
      p.csrf,
      `/backoffice/deals/${d.id}/move`,
      label,
      '',
      html`<input type="hidden" name="stage_id" value="${to.id}">`,
      `Move ${d.name} to ${to.name}`,
      `${d.id}-${way}`,
    );
  return html`<article id="${d.id}" data-stage="${d.stageId}">
    <strong>${d.name}</strong><br>
    <a href="/backoffice/contacts/${d.contactId}">${p.contactNames.get(d.contactId) ?? d.contactId}</a>
    ${d.valueEstimate ? html`<br><span class="quiet">${d.valueEstimate}</span>` : ''}
    <div class="row">
      ${prev ? move(prev, '←', 'back') : ''}
      ${next ? move(next, '→', 'on') : ''}
      ${post(p.csrf, `/backoffice/deals/${d.id}/win`, 'Won', 'primary', '', `Mark ${d.name} won`)}
    </div>
    <form method="post" action="/backoffice/deals/${d.id}/lose" hx-post="/backoffice/deals/${d.id}/lose" class="row">
      ${csrfField(p.csrf)}
      <label for="lose-${d.id}" class="inline">Lost:</label>
      <select id="lose-${d.id}" name="lost_reason">
        ${LOST_REASONS.map((r) => html`<option value="${r}">${r.replace(/_/g, ' ')}</option>`)}
      </select>
      <button type="submit" class="small danger" aria-label="Mark ${d.name} lost">Lost</button>
    </form>
  </article>`;
}

/** The deals board: a column per stage with its open deals, buttons to move, win or lose; closed deals below. */
export function dealsPage(p: DealsPage): string {
  const t = p.typed ?? {};
  const columns = p.stages.map(
    (s, i) => html`<section aria-labelledby="stage-${s.id}" id="column-${s.id}">
      <h2 id="stage-${s.id}">${s.name} <span class="quiet">${p.open.filter((d) => d.stageId === s.id).length}</span></h2>
      ${p.open.filter((d) => d.stageId === s.id).map((d) => card(p, d, i))}
    </section>`,
  );
  return layout(
    { title: 'Deals', session: p.session, csrf: p.csrf },
    html`<h1>Deals</h1>
      <div ${LIVE}>
      ${banners(p)}
      ${p.stages.length ? html`<div class="board">${columns}</div>` : html`<p class="empty">This operator has no deal stages.</p>`}
      <section class="card" id="closed-deals"><header><h2>Won and lost</h2></header>
        ${
          p.closed.length
            ? html`<table><tr><th>Deal</th><th>Contact</th><th>Status</th><th></th></tr>
              ${p.closed.map(
                (d) => html`<tr id="${d.id}">
                  <td>${d.name}</td>
                  <td><a href="/backoffice/contacts/${d.contactId}">${p.contactNames.get(d.contactId) ?? d.contactId}</a></td>
                  <td><span class="badge" data-status="${d.status}">${d.status}</span> ${d.lostReason ? d.lostReason.replace(/_/g, ' ') : ''}</td>
                  <td class="actions">${post(p.csrf, `/backoffice/deals/${d.id}/reopen`, 'Reopen', '', '', `Reopen ${d.name}`)}</td>
                </tr>`,
              )}</table>`
            : html`<p class="empty">No closed deals.</p>`
        }
      </section>
      </div>
      <section class="card" id="new-deal"><header><h2>New deal</h2></header>
        <form method="post" action="/backoffice/deals">
          ${csrfField(p.csrf)}
          <label for="deal-name">Name</label>
          <input type="text" id="deal-name" name="name" value="${t.name ?? ''}" required>
          <label for="deal-contact">Contact (email or contact id)</label>
          <input type="text" id="deal-contact" name="contact" value="${t.contact ?? ''}" required>
          <label for="deal-stage">Stage</label>
          <select id="deal-stage" name="stage_id">
            ${p.stages.map((s) => html`<option value="${s.id}" ${s.id === t.stage_id ? html`selected` : ''}>${s.name}</option>`)}
          </select>
          <label for="deal-value">Value estimate</label>
          <input type="text" id="deal-value" name="value_estimate" value="${t.value_estimate ?? ''}" placeholder="£50 per month">
          <div class="row"><button type="submit" class="primary">Create deal</button></div>
        </form>
      </section>`,
  );
}
