import type { TestApp } from './test-app.ts';
import { BackofficeSession } from './backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

/** The demo staff member, signed in to the back office of `t` (over inject). */
export async function signedInStaff(t: TestApp): Promise<BackofficeSession> {
  const demo = t.creds as unknown as DemoLoginCredentials;
  const staff = new BackofficeSession(t.lockyard.app);
  const res = await staff.signIn(demo.staff_login.email, demo.staff_login.password);
  if (res.status !== 303) throw new Error(`staff sign-in failed: ${res.status}`);
  return staff;
}

/** Staff open an authorize URL and approve (or deny) for `operatorId`; returns the callback URL the browser lands on. */
export async function consent(
  staff: BackofficeSession,
  authorizeUrl: string,
  operatorId: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<string> {
  const u = new URL(authorizeUrl);
  const page = await staff.get(u.pathname + u.search);
  if (page.status !== 200) throw new Error(`consent page: ${page.status} ${page.body.slice(0, 300)}`);
  const form: Record<string, string> = { decision, operator_id: operatorId };
  for (const [, k, v] of page.body.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g))
    if (k !== '_csrf' && k !== 'operator_id') form[k] = v.replace(/&amp;/g, '&');
  const res = await staff.post('/oauth2/authorize', form);
  if (res.status !== 303 || !res.location) throw new Error(`consent: ${res.status} ${res.body.slice(0, 300)}`);
  return res.location;
}

/** The back office revokes every grant of the demo partner application for the signed-in operator. */
export async function revokeFromBackoffice(
  staff: BackofficeSession,
  applicationName = 'Demo Partner Integration',
): Promise<void> {
  const page = await staff.get('/backoffice/settings/public-api');
  const section = page.body.slice(page.body.indexOf('id="authorised-applications"'));
  const appId = section.match(new RegExp(`data-application-id="(app_[0-9a-f]+)">\\s*<td>${applicationName}<`))?.[1];
  if (!appId) throw new Error('the application is not listed under authorised applications');
  const res = await staff.post(`/backoffice/settings/public-api/authorised-applications/${appId}/revoke`);
  if (res.status !== 303) throw new Error(`revoke: ${res.status}`);
}
