// The reference booking flow (seed 003) on @lockyard/stora alone: connect with OAuth, browse sites and unit types
// with live availability and prices, book (contact → draft order → protection → coupon → finalize → hosted checkout),
// follow each booking's status from webhooks, and Disconnect/Reconnect in Settings.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  constructEvent,
  InvalidRequestError,
  OAuthClient,
  OAuthSession,
  ReconnectNeeded,
  Stora,
  WebhookSignatureError,
  type PendingAuthorization,
  type TokenSet,
  type TokenStorage,
} from '@lockyard/stora';
import { html, page, type Html } from './html.ts';

export interface BookingAppConfig {
  appName: string;
  /** This app's public URL: `${publicUrl}/callback` is its OAuth redirect URI, `${publicUrl}/webhooks` its webhook. */
  publicUrl: string;
  /** The Stora (or Lockyard) host: API and OAuth. */
  storaUrl: string;
  clientId: string;
  clientSecret: string;
  /** The timeline source and template agreed at onboarding (names); defaults suit the Lockyard demo data. */
  timelineSource?: string;
  timelineTemplate?: string;
}

export const SCOPES = [
  'public.site:read',
  'public.unit_type:read',
  'public.unit:read',
  'public.contact:read',
  'public.contact:write',
  'public.order:read',
  'public.order:write',
  'public.coupon:read',
  'public.protection_level:read',
  'public.webhook_endpoint:read',
  'public.webhook_endpoint:write',
  'public.timeline_event:write',
  'public.timeline_source:read',
  'public.timeline_template:read',
];

interface Booking {
  orderId: string;
  email: string;
  unitTypeName: string;
  status: string;
  events: string[];
}

/** Everything this single-operator demo keeps (a real app keeps it per operator in its database). */
export interface AppState {
  tokens: TokenSet | null;
  reconnectNeeded: boolean;
  pending: Map<string, PendingAuthorization>;
  webhook: { id: string; secret: string } | null;
  bookings: Map<string, Booking>;
  seenEvents: Set<string>;
}

export function createBookingApp(config: BookingAppConfig) {
  const publicUrl = config.publicUrl.replace(/\/$/, '');
  const csrf = randomBytes(16).toString('hex');
  const state: AppState = {
    tokens: null,
    reconnectNeeded: false,
    pending: new Map(),
    webhook: null,
    bookings: new Map(),
    seenEvents: new Set(),
  };
  const storage: TokenStorage = {
    load: async () => state.tokens,
    save: async (tokens) => {
      state.tokens = tokens;
    },
    clear: async () => {
      state.tokens = null;
    },
  };
  const oauth = new OAuthClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: `${publicUrl}/callback`,
    issuer: config.storaUrl,
  });
  const session = new OAuthSession(oauth, storage, { onReconnectNeeded: () => void (state.reconnectNeeded = true) });
  const stora = new Stora({
    baseUrl: config.storaUrl,
    auth: session,
    userAgent: `${config.appName} (Lockyard booking app)`,
  });
  const view = (title: string, body: Html) =>
    page(title, body, { appName: config.appName, reconnect: state.reconnectNeeded });
  const csrfField = html`<input type="hidden" name="_csrf" value="${csrf}">`;

  /** The app's webhook endpoint exists once per connection; a reconnect reuses it when it is still there. */
  async function ensureWebhook() {
    if (state.webhook) {
      const existing = await stora.webhookEndpoints.show(state.webhook.id).catch(() => null);
      // A revoked connection disables the app's endpoints; enabling it again ties it to the new connection.
      if (existing?.status === 'disabled') await stora.webhookEndpoints.enable(existing.id);
      if (existing) return;
    }
    const endpoint = await stora.webhookEndpoints.create({
      name: config.appName,
      api_version: '2025-09',
      url: `${publicUrl}/webhooks`,
      event_types: ['order.created', 'order.finalized', 'order.completed'],
    });
    state.webhook = { id: endpoint.id, secret: endpoint.secret! };
  }

  async function sitesPage(): Promise<string> {
    const sites = await stora.sites.list().toArray();
    return view(
      'Sites',
      html`<ul>${sites.map((s) => html`<li><a href="/sites/${s.id}">${s.name}</a> — ${s.address?.city ?? ''}</li>`)}</ul>`,
    );
  }

  async function sitePage(siteId: string): Promise<string> {
    const [site, unitTypes, available] = await Promise.all([
      stora.sites.show(siteId),
      stora.unitTypes.list({ site_id: siteId, limit: 100 }).toArray(),
      stora.units.list({ site_id: siteId, status: 'available', limit: 100 }).toArray(),
    ]);
    const free = new Map<string, number>();
    for (const u of available) free.set(u.unit_type.id, (free.get(u.unit_type.id) ?? 0) + 1);
    const rows = unitTypes
      .filter((ut) => ut.status === 'bookable')
      .map((ut) => {
        const monthly = ut.prices.find((p) => p.billing_period === 'monthly');
        const n = free.get(ut.id) ?? 0;
        return html`<tr data-unit-type="${ut.id}"><td>${ut.name}</td><td>${monthly?.price.formatted ?? '—'} / month</td><td>${n} available</td>
          <td>${n && monthly ? html`<a href="/book/${ut.id}">Book</a>` : 'Full'}</td></tr>`;
      });
    return view(
      site.name,
      html`<table><thead><tr><th>Unit type</th><th>Price</th><th>Availability</th><th></th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }

  async function bookForm(unitTypeId: string, error?: string): Promise<string> {
    const [ut, protections] = await Promise.all([
      stora.unitTypes.show(unitTypeId),
      stora.protectionLevels.list().toArray(),
    ]);
    const monthly = ut.prices.find((p) => p.billing_period === 'monthly');
    return view(
      `Book ${ut.name}`,
      html`<p>${monthly?.price.formatted} per month.</p>${error ? html`<p role="alert" class="banner">${error}</p>` : ''}
      <form method="post" action="/book/${ut.id}">${csrfField}<input type="hidden" name="nonce" value="${randomBytes(12).toString('hex')}">
        <label>Full name <input name="full_name" id="full_name" required></label>
        <label>Email <input name="email" id="email" type="email" required></label>
        <label>Protection <select name="protection" id="protection"><option value="">None</option>${protections.map(
          (p) =>
            html`<option value="${p.id}">${p.cover_level?.formatted ?? p.id} cover — ${(p.prices.find((x) => x.billing_period === 'monthly') ?? p.prices[0])?.price.formatted}</option>`,
        )}</select></label>
        <label>Move-in date (empty: today) <input name="starts_on" id="starts_on" type="date"></label>
        <label>Coupon code <input name="coupon" id="coupon"></label>
        <button type="submit">Continue to payment</button></form>`,
    );
  }

  /**
   * Seed 000: actions taken on the operator's behalf must show on their timeline. The template is the one agreed at
   * onboarding (by name); its custom variables are filled from what this app knows about the booking.
   */
  async function recordOnTimeline(contactId: string, orderId: string, unitTypeName: string) {
    const [sources, templates] = await Promise.all([
      stora.timeline.listSources().toArray(),
      stora.timeline.listTemplates().toArray(),
    ]);
    const template =
      templates.find((t) => t.name === (config.timelineTemplate ?? 'Deal Stage Changed')) ?? templates[0];
    const source = sources.find((s) => s.name === config.timelineSource) ?? sources[0];
    if (!template || !source) return;
    const known: Record<string, string> = {
      deal_name: `${unitTypeName} booking`,
      previous_state: 'draft',
      new_state: 'awaiting payment',
      campaign_name: 'Online booking',
    };
    const variables = Object.fromEntries(template.variables.custom.map((v) => [v, known[v] ?? orderId]));
    await stora.timeline.createEvent({
      source: { id: source.id },
      template: { id: template.id },
      contact: { id: contactId },
      description: `Booking ${orderId} via ${config.appName}`,
      external: { id: orderId, url: `${publicUrl}/bookings` },
      variables,
    });
  }

  /** Seed 003, multi-step: contact, draft order with the unit type, protection line, coupon, finalize. Returns the payment URL. */
  async function book(unitTypeId: string, form: URLSearchParams): Promise<string> {
    const ut = await stora.unitTypes.show(unitTypeId);
    const monthly = ut.prices.find((p) => p.billing_period === 'monthly')!;
    const email = form.get('email') ?? '';
    const nonce = form.get('nonce') ?? randomBytes(12).toString('hex');
    const existing = (await stora.contacts.list({ search: email, limit: 1 })).data.find((c) => c.email === email);
    const contact =
      existing ??
      (await stora.contacts.create({ email, full_name: form.get('full_name'), source: 'booking' }, undefined, {
        idempotencyKey: `contact-${nonce}`,
      }));
    // The idempotency key comes from the form, so a double-submitted form cannot create two orders.
    const order = await stora.orders.create(
      {
        site: { id: ut.site.id },
        contact: { id: contact.id },
        billing_period: 'monthly',
        payment_method: 'card',
        starts_at: form.get('starts_on') ? `${form.get('starts_on')}T00:00:00Z` : 'now',
        line_items: [{ type: 'unit_type', quantity: 1, price: { amount: monthly.price.amount }, item: { id: ut.id } }],
        metadata: { booked_via: config.appName },
      },
      undefined,
      { idempotencyKey: `order-${nonce}` },
    );
    const protectionId = form.get('protection');
    if (protectionId) {
      const level = await stora.protectionLevels.show(protectionId);
      const price = (level.prices.find((p) => p.billing_period === 'monthly') ?? level.prices[0]).price.amount;
      await stora.orders.createLineItem(
        order.id,
        { type: 'protection', quantity: 1, price: { amount: price }, item: { id: protectionId } },
        undefined,
        { idempotencyKey: `protection-${nonce}` },
      );
    }
    const code = (form.get('coupon') ?? '').trim();
    if (code) {
      const coupon = (await stora.coupons.list({ limit: 100 }).toArray()).find(
        (c) => c.code?.toLowerCase() === code.toLowerCase(),
      );
      if (!coupon)
        throw new InvalidRequestError({
          status: 422,
          code: 'invalid_content',
          message: `The coupon code '${code}' does not exist.`,
        });
      await stora.orders.update(order.id, { coupon: { id: coupon.id } });
    }
    const finalized = await stora.orders.finalize(
      order.id,
      { finalize: { cancel_redirect_url: `${publicUrl}/bookings` } },
      undefined,
      { idempotencyKey: `finalize-${nonce}` },
    );
    await recordOnTimeline(contact.id, order.id, ut.name);
    const known = state.bookings.get(order.id);
    state.bookings.set(order.id, {
      orderId: order.id,
      email,
      unitTypeName: ut.name,
      status: known?.status ?? finalized.status,
      events: known?.events ?? [],
    });
    return finalized.payment_url!;
  }

  function bookingsPage(): string {
    const rows = [...state.bookings.values()].map(
      (b) =>
        html`<tr data-order="${b.orderId}"><td>${b.orderId}</td><td>${b.email}</td><td>${b.unitTypeName}</td><td class="status">${b.status}</td><td>${b.events.join(', ')}</td></tr>`,
    );
    return view(
      'Bookings',
      rows.length
        ? html`<table><thead><tr><th>Order</th><th>Customer</th><th>Unit type</th><th>Status</th><th>Events</th></tr></thead><tbody>${rows}</tbody></table>`
        : html`<p>No bookings yet.</p>`,
    );
  }

  function settingsPage(): string {
    const connected = Boolean(state.tokens);
    return view(
      'Settings',
      html`<section id="connection"><h2>Stora connection</h2>
        <p>${connected ? html`<span class="ok">Connected</span> with scopes <code>${state.tokens!.scope}</code>.` : state.reconnectNeeded ? 'Access was revoked: reconnect to continue.' : 'Not connected.'}</p>
        ${connected ? html`<form method="post" action="/disconnect">${csrfField}<button type="submit">Disconnect</button></form>` : ''}
        <p><a class="button" href="/connect">${connected ? 'Reconnect' : 'Connect to Stora'}</a></p></section>`,
    );
  }

  async function onWebhook(body: Buffer, signature: string | undefined): Promise<number> {
    if (!state.webhook) return 410;
    let event;
    try {
      event = await constructEvent(body, signature, state.webhook.secret);
    } catch (err) {
      if (err instanceof WebhookSignatureError) return 400;
      throw err;
    }
    if (state.seenEvents.has(event.id)) return 200; // at-least-once delivery
    state.seenEvents.add(event.id);
    if (event.type === 'order.created' || event.type === 'order.finalized' || event.type === 'order.completed') {
      const order = event.data.order;
      const b = state.bookings.get(order.id) ?? {
        orderId: order.id,
        email: '',
        unitTypeName: '',
        status: order.status,
        events: [],
      };
      b.status = order.status;
      b.events.push(event.type);
      state.bookings.set(order.id, b);
    }
    return 200;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', publicUrl);
    const p = url.pathname;
    const send = (status: number, body: string, type = 'text/html; charset=utf-8') =>
      void res.writeHead(status, { 'content-type': type }).end(body);
    const redirect = (to: string) => void res.writeHead(303, { location: to }).end();
    const raw = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
    const form = new URLSearchParams(raw.toString('utf8'));
    if (req.method === 'POST' && p !== '/webhooks' && form.get('_csrf') !== csrf)
      return send(403, view('Forbidden', html`<p>The form expired; go back and try again.</p>`));

    if (p === '/webhooks' && req.method === 'POST')
      return send(await onWebhook(raw, req.headers['x-stora-signature'] as string | undefined), '');
    if (p === '/') return redirect(state.tokens ? '/sites' : '/settings');
    if (p === '/connect') {
      const pending = await oauth.authorizeUrl({ scope: SCOPES });
      state.pending.set(pending.state, pending);
      return redirect(pending.url);
    }
    if (p === '/callback') {
      const pending = state.pending.get(url.searchParams.get('state') ?? '');
      if (!pending)
        return send(
          400,
          view(
            'Connection failed',
            html`<p>Unknown or expired connection attempt. <a href="/connect">Try again</a></p>`,
          ),
        );
      state.pending.delete(pending.state);
      await storage.save(await oauth.handleCallback(url, pending));
      state.reconnectNeeded = false;
      await ensureWebhook();
      return redirect('/sites');
    }
    if (p === '/disconnect' && req.method === 'POST') {
      await session.disconnect();
      state.reconnectNeeded = false;
      return redirect('/settings');
    }
    if (p === '/settings') return send(200, settingsPage());
    if (p === '/bookings') return send(200, bookingsPage());
    if (!state.tokens && !state.reconnectNeeded) return redirect('/settings');
    if (p === '/sites') return send(200, await sitesPage());
    const site = p.match(/^\/sites\/(site_\w+)$/);
    if (site) return send(200, await sitePage(site[1]));
    const bookMatch = p.match(/^\/book\/(\w+)$/);
    if (bookMatch && req.method === 'GET') return send(200, await bookForm(bookMatch[1]));
    if (bookMatch && req.method === 'POST') {
      try {
        return redirect(await book(bookMatch[1], form));
      } catch (err) {
        if (err instanceof InvalidRequestError)
          return send(422, await bookForm(bookMatch[1], err.details[0]?.message ?? err.message));
        throw err;
      }
    }
    send(404, view('Not found', html`<p>No such page.</p>`));
  }

  /** The node:http handler. A dead grant anywhere becomes the reconnect prompt instead of an error page. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } catch (err) {
      if (err instanceof ReconnectNeeded) {
        state.reconnectNeeded = true;
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(view('Reconnect to Stora', html`<p>${config.appName} can no longer reach your Stora account.</p>`));
        return;
      }
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`Something went wrong: ${(err as Error).message}`);
    }
  }

  return { handle, state };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
