import { conflict, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/identity-verifications.repo.ts';
import { findContacts, setIdentityCheckStatus } from '../../storage/repos/contacts.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import {
  decide,
  type IdentityErrorCode,
  type IdentityOutcome,
  type IdentityVerification,
} from './identity-verification.ts';

export function identityVerificationsService({ db, events }: { db: Db; events: EventsService }) {
  async function mustFind(tx: Handle, ctx: OperatorContext, id: string): Promise<IdentityVerification> {
    const [v] = await repo.findIdentityVerifications(tx, ctx.operator.id, [id]);
    return v ?? notFound('identity_verification', id);
  }

  /** The contact's `identity_check.status` follows its latest check, announced as `contact.updated`. */
  async function mirrorOnContact(tx: Tx, ctx: OperatorContext, v: IdentityVerification) {
    await setIdentityCheckStatus(tx, ctx.operator.id, v.contactId, v.status, v.updatedAt);
    const [contact] = await findContacts(tx, ctx.operator.id, [v.contactId]);
    await events.emit(tx, ctx, 'contact.updated', contact);
  }

  return {
    list: (
      ctx: OperatorContext,
      page: Page,
      filter: { contactIds?: string[]; statuses?: string[] },
      range: TimeRange,
    ): Promise<PageOf<IdentityVerification>> =>
      repo.listIdentityVerifications(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findIdentityVerifications(db, ctx.operator.id, ids),
    get: (ctx: OperatorContext, id: string) => mustFind(db, ctx, id),

    /**
     * The customer submits their documents (in the sandbox: a control call): a check starts `processing`,
     * announced as `identity_verification.processing`. One check at a time per contact.
     */
    start: (ctx: OperatorContext, contactId: string): Promise<IdentityVerification> =>
      withTransaction(db, async (tx) => {
        const [contact] = await findContacts(tx, ctx.operator.id, [contactId]);
        if (!contact) notFound('contact', contactId);
        const open = await repo.listIdentityVerifications(
          tx,
          ctx.operator.id,
          { page: 1, limit: 1, sortBy: 'created_at', direction: 'desc' },
          { contactIds: [contactId], statuses: ['processing'] },
          {},
        );
        if (open.total)
          throw conflict(`Contact '${contactId}' already has identity verification '${open.items[0].id}' processing.`);
        const now = ctx.now();
        const v: IdentityVerification = {
          id: newId('identityVerification'),
          operatorId: ctx.operator.id,
          contactId,
          status: 'processing',
          errorCode: null,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insertIdentityVerification(tx, v);
        await events.emit(tx, ctx, 'identity_verification.processing', v);
        await mirrorOnContact(tx, ctx, v);
        return v;
      }),

    /** The provider's decision: processing → succeeded | failed | cancelled, each announced with its event. */
    decide: (
      ctx: OperatorContext,
      id: string,
      outcome: IdentityOutcome,
      errorCode?: IdentityErrorCode,
    ): Promise<IdentityVerification> =>
      withTransaction(db, async (tx) => {
        const next = decide(await mustFind(tx, ctx, id), outcome, errorCode, ctx.now());
        if (!(await repo.decideIdentityVerification(tx, next)))
          throw conflict(`Identity verification '${id}' was decided by another request.`);
        await events.emit(tx, ctx, `identity_verification.${outcome}`, next);
        await mirrorOnContact(tx, ctx, next);
        return next;
      }),
  };
}
