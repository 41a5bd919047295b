import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { staffPrincipal, type OperatorContext } from '../../domain/context.ts';
import type { Services } from '../../domain/services.ts';
import { assertRole, roleAtLeast, type StaffRole } from '../../domain/staff-auth/roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffSession | null;
  }
}

export const SESSION_COOKIE = 'lockyard_session';

/** Cookie flags: HttpOnly always, Secure whenever the public URL is https, SameSite=Lax so the consent
 *  redirect (a top-level GET from the partner's site) still carries the session. */
export function cookieFlags(publicUrl: string) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: publicUrl.startsWith('https:') };
}

/** Where sign-in may send people back to: only our own pages, never another host. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string') return '/backoffice';
  if (!/^\/(backoffice|oauth2\/authorize)(\/|\?|$)/.test(value) || value.startsWith('//')) return '/backoffice';
  return value;
}

/** A request htmx made for part of a page (not its history restore, which wants the whole page). */
export function isHtmx(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true' && request.headers['hx-history-restore-request'] !== 'true';
}

/** The signed-in staff member, or a redirect to sign-in (returning here afterwards for GETs). */
export function requireStaff(request: FastifyRequest, reply: FastifyReply): StaffSession | null {
  if (request.staff) return request.staff;
  const back = request.method === 'GET' ? request.url : '/backoffice';
  const signIn = `/backoffice/sign-in?return_to=${encodeURIComponent(back)}`;
  // htmx's request would follow a redirect silently and swap the sign-in page into a region: navigate instead.
  if (isHtmx(request)) reply.header('HX-Redirect', signIn).code(204).send();
  else reply.redirect(signIn, 303);
  return null;
}

/** Refuses (403 page) unless the signed-in member's role on the current operator is at least `need`. Every POST
 *  that changes settings, credentials or staff calls this; hiding a button is not enough. */
export function requireRole(session: StaffSession, need: StaffRole): void {
  assertRole(session.current.role, need);
}

/** Whether to offer an action on a page (the POST still checks with `requireRole`). */
export function hasRole(session: StaffSession, need: StaffRole): boolean {
  return roleAtLeast(session.current.role, need);
}

/** What back-office pages hand the domain: the session's current operator, with this staff user acting. */
export function staffContext(services: Services, session: StaffSession): Promise<OperatorContext> {
  return services.contexts.contextFor(
    session.current.operatorId,
    staffPrincipal(session.user.id, session.current.staffId),
  );
}

/** Form fields as strings (repeated checkboxes as arrays). */
export function form(request: FastifyRequest): Record<string, string | string[] | undefined> {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, string | string[]>) : {};
}

export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function one(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}
