import { html, type Html } from './html.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { roleAtLeast, type StaffRole } from '../../domain/staff-auth/roles.ts';

/**
 * The back office's sections, in menu order, with the least role that may open them (a staff member sees no link
 * to a manager's section; its routes refuse them too). Each section's routes live in its own `*.routes.ts`.
 */
export const SECTIONS: readonly { href: string; label: string; need?: StaffRole }[] = [
  { href: '/backoffice/dashboard', label: 'Dashboard' },
  { href: '/backoffice/units', label: 'Units' },
  { href: '/backoffice/catalogue', label: 'Catalogue' },
  { href: '/backoffice/contacts', label: 'Contacts' },
  { href: '/backoffice/deals', label: 'Deals' },
  { href: '/backoffice/tasks', label: 'Tasks' },
  { href: '/backoffice/bookings', label: 'Bookings' },
  { href: '/backoffice/billing', label: 'Billing' },
  // Webhook endpoints and their deliveries, events, API requests, authorised applications, the sandbox clock.
  { href: '/backoffice/developers', label: 'Developers', need: 'manager' },
  { href: '/backoffice/mailbox', label: 'Mailbox' },
  { href: '/backoffice/settings', label: 'Settings', need: 'manager' },
];

/**
 * htmx within the page's Content-Security-Policy (docs/decisions/backoffice-htmx.md): no eval, no script tags from
 * responses, no injected styles, own origin only; no copies of pages in localStorage (Back reloads); 4xx pages
 * (a refused form, with its message) are swapped like successes.
 */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[234]..', swap: true },
    { code: '5..', swap: true, error: true },
  ],
});

export interface PageOptions {
  title: string;
  session?: StaffSession | null;
  csrf?: string;
  narrow?: boolean;
}

/** The page frame: header with operator switcher and sign-out when signed in. */
export function layout(opts: PageOptions, body: Html): string {
  const s = opts.session;
  const header = s
    ? html`<header class="top">
        <a class="brand" href="/backoffice">Lockyard Back Office</a>
        <nav class="sections" aria-label="Sections">
          ${SECTIONS.filter((x) => !x.need || roleAtLeast(s.current.role, x.need)).map((x) => html`<a href="${x.href}">${x.label}</a>`)}
        </nav>
        ${
          s.memberships.length > 1
            ? html`<form method="post" action="/backoffice/operator">
              <input type="hidden" name="_csrf" value="${opts.csrf}">
              <label for="operator-switch" class="who inline">Operator</label>
              <select id="operator-switch" name="operator_id">
                ${s.memberships.map((m) => html`<option value="${m.operatorId}" ${m.operatorId === s.current.operatorId ? html`selected` : ''}>${m.operatorName}</option>`)}
              </select>
              <button type="submit" class="small">Switch</button>
            </form>`
            : html`<span class="who">${s.current.operatorName}</span>`
        }
        <span class="who">${s.user.email}</span>
        <form method="post" action="/backoffice/sign-out">
          <input type="hidden" name="_csrf" value="${opts.csrf}">
          <button type="submit" class="small">Sign out</button>
        </form>
      </header>`
    : html`<header class="top"><a class="brand" href="/backoffice">Lockyard Back Office</a></header>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · Lockyard</title>
<link rel="stylesheet" href="/backoffice/assets/backoffice.css">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<script src="/backoffice/assets/htmx.min.js" defer></script>
</head>
<body>
${header}
<main class="${opts.narrow ? 'narrow' : ''}">
${body}
</main>
</body>
</html>
`.value;
}
