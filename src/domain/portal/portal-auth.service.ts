import { createHash } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import { randomToken } from '../../kernel/ids.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/portal.repo.ts';
import { contactIdByEmail } from '../../storage/repos/contacts.repo.ts';
import { findOperatorBySlug } from '../../storage/repos/operators.repo.ts';
import { systemPrincipal, type Operator } from '../context.ts';
import type { ContextsService } from '../operators/contexts.service.ts';
import type { EmailsService } from '../email/emails.service.ts';

/** Security lifetimes and limits of the portal's sign-in (docs/decisions/portal.md), all on real time. */
export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_HOURS = 12;
export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Links a contact may be sent per window, and links one address may ask for (any contact) per window. */
export const LINKS_PER_CONTACT = 3;
export const LINKS_PER_ADDRESS = 10;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** `address_throttled` may be said out loud; the others all look alike to the asker (no account probing). */
export type LinkRequest = 'sent' | 'unknown' | 'contact_throttled' | 'address_throttled';

/**
 * Signing in to the customer portal: an emailed single-use link (only its hash is stored), then a session cookie
 * (hash stored). Lifetimes are real time from `clock`, never an operator's sandbox clock. The account set up
 * after checkout is a session started for the order's contact.
 */
export function portalAuthService(deps: { db: Db; clock: Clock; contexts: ContextsService; emails: EmailsService }) {
  const { db, clock, contexts, emails } = deps;

  async function startSession(operatorId: string, contactId: string): Promise<string> {
    const token = randomToken(32);
    const now = clock.now();
    await repo.upsertPortalAccount(db, { operatorId, contactId, passwordHash: null, at: now });
    await repo.markSignedIn(db, contactId, now);
    await repo.insertPortalSession(db, {
      sessionHash: sha256(token),
      operatorId,
      contactId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    });
    return token;
  }

  return {
    operatorBySlug: (slug: string): Promise<Operator | undefined> => findOperatorBySlug(db, slug),

    /**
     * Emails a sign-in link to the contact with this address, if there is one and neither it nor the asking
     * address has had too many links lately. The page says the same whatever the outcome (no account probing).
     */
    requestLink: (operatorId: string, email: string, address: string): Promise<LinkRequest> =>
      withTransaction(db, async (tx) => {
        const contactId = email.trim() ? await contactIdByEmail(tx, operatorId, email.trim()) : undefined;
        const now = clock.now();
        const recent = await repo.recentSignInRequests(tx, {
          operatorId,
          contactId: contactId ?? null,
          address,
          since: new Date(now.getTime() - THROTTLE_WINDOW_MS),
        });
        if (recent.address >= LINKS_PER_ADDRESS) return 'address_throttled';
        const token = randomToken(32);
        const refused = !contactId ? 'unknown' : recent.contact >= LINKS_PER_CONTACT ? 'contact_throttled' : null;
        if (refused) {
          // Counted against the address, usable by nobody.
          await repo.insertSignInToken(tx, {
            tokenHash: sha256(token),
            operatorId,
            contactId: null,
            requestedFrom: address,
            createdAt: now,
            expiresAt: now,
            usedAt: now,
          });
          return refused;
        }
        await repo.insertSignInToken(tx, {
          tokenHash: sha256(token),
          operatorId,
          contactId: contactId!,
          requestedFrom: address,
          createdAt: now,
          expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000),
        });
        const ctx = await contexts.contextFor(operatorId, systemPrincipal('portal'), tx);
        await emails.enqueue(tx, ctx, {
          template: 'portal_sign_in',
          contactId: contactId!,
          cause: null,
          data: {
            sign_in_path: `/portal/${ctx.operator.slug}/sign-in/${token}`,
            expires_minutes: SIGN_IN_LINK_MINUTES,
          },
        });
        return 'sent';
      }),

    /** Whether a link can still be used (the confirmation page; using it is a POST, so mail scanners cannot). */
    async linkUsable(operatorId: string, token: string): Promise<boolean> {
      const row = await repo.findSignInToken(db, operatorId, sha256(token));
      return !!row && !row.used_at && new Date(row.expires_at).getTime() > clock.now().getTime();
    },

    /** Spends the link (once, however many race) and starts a session; null when used, expired or unknown. */
    async signInWithLink(operatorId: string, token: string): Promise<{ contactId: string; session: string } | null> {
      const contactId = await repo.useSignInToken(db, operatorId, sha256(token), clock.now());
      if (!contactId) return null;
      return { contactId, session: await startSession(operatorId, contactId) };
    },

    /**
     * The account set up right after checkout: the order's contact, signed in, once. Null when the contact
     * already has an account (the payment link is no sign-in credential after that).
     */
    async setUpAccount(operatorId: string, contactId: string): Promise<string | null> {
      if (await repo.findPortalAccount(db, operatorId, contactId)) return null;
      return startSession(operatorId, contactId);
    },

    /** The contact a session cookie signs in, while it is valid. */
    async resolveSession(operatorId: string, session: string | undefined): Promise<string | null> {
      if (!session) return null;
      return (await repo.findPortalSession(db, operatorId, sha256(session), clock.now())) ?? null;
    },

    signOut: (session: string) => repo.deletePortalSession(db, sha256(session)),
  };
}

export type PortalAuthService = ReturnType<typeof portalAuthService>;
