import type { FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { money } from '../../kernel/money.ts';
import { statusOf } from '../../http/errors.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import { html, type Html } from './html.ts';

/**
 * What the day-to-day sections (contacts, deals, tasks, bookings, billing) share: the CSRF field, the notice and
 * error banners, money as the operator reads it, and turning a domain refusal into the message and status a
 * re-rendered form shows.
 */

export const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

export interface Banners {
  notice?: string;
  error?: string;
}

export function banners(b: Banners): Html {
  return html`${b.notice ? html`<div class="notice" role="status">${b.notice}</div>` : ''}${
    b.error ? html`<div class="error" role="alert">${b.error}</div>` : ''
  }`;
}

/**
 * A refusal the form shows (the API's own words: every detail's message, else the error's): invalid input,
 * conflicts, forbidden. Anything else, and a missing page resource (404), goes to the back office error page.
 */
export function refusalOf(err: unknown): { status: number; message: string } {
  if (!(err instanceof DomainError) || err.code === 'resource_not_found' || statusOf(err) >= 500) throw err;
  const message = err.details.map((d) => d.message).join('; ') || err.message;
  return { status: statusOf(err), message };
}

/** Runs a form's action; a refusal becomes `onRefused(status, message)` (the form again), success `onDone`. */
export async function attemptForm<T>(
  act: () => Promise<T>,
  onDone: (result: T) => unknown,
  onRefused: (status: number, message: string) => unknown,
): Promise<unknown> {
  let result: T;
  try {
    result = await act();
  } catch (err) {
    const { status, message } = refusalOf(err);
    return onRefused(status, message);
  }
  return onDone(result);
}

/** A typed form value, or undefined when left empty (the API body then omits the field). */
export function typed(value: string | string[] | undefined): string | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  return v ? v : undefined;
}

export const formatMoney = (amount: number, currency: string) => money(amount, currency).formatted;

export function sendPage(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** `?page=` as a positive integer. */
export function pageNumber(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1;
}

/** Previous / next links for a paged list. */
export function pager(base: string, query: Record<string, string | undefined>, page: number, more: boolean): Html {
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  if (page <= 1 && !more) return html``;
  return html`<nav class="pager" aria-label="Pages">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">← Previous</a>` : ''}
    <span>Page ${page}</span>
    ${more ? html`<a href="${href(page + 1)}" rel="next">Next →</a>` : ''}
  </nav>`;
}

/**
 * A `datetime-local` value (`2026-11-30T14:30`) read as wall time in the operator's zone, as an ISO instant; any
 * other text is passed on unchanged for the API's schema to refuse in its own words.
 */
export function zonedDateTime(value: string | undefined, timeZone: string): string | undefined {
  const m = value?.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/);
  if (!m) return value;
  const hour = localHourOn(new Date(`${m[1]}T12:00:00Z`), timeZone, Number(m[2]));
  return new Date(hour.getTime() + Number(m[3]) * 60_000).toISOString();
}
