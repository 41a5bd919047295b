import type { Email, EmailStatus, EmailTemplate } from '../../domain/email/email.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Row, Tx } from '../database.ts';
import { paginate } from './paging.ts';

const toEmail = (r: Row<'emails'>): Email => ({
  id: r.id,
  operatorId: r.operator_id,
  contactId: r.contact_id,
  template: r.template as EmailTemplate,
  toAddress: r.to_address,
  data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Email['data'],
  cause: r.cause,
  status: r.status as EmailStatus,
  subject: r.subject,
  bodyText: r.body_text,
  bodyHtml: r.body_html,
  messageId: r.message_id,
  lastError: r.last_error,
  attempts: r.attempts,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export async function insertEmail(tx: Tx, e: Email): Promise<void> {
  await tx
    .insertInto('emails')
    .values({
      id: e.id,
      operator_id: e.operatorId,
      contact_id: e.contactId,
      template: e.template,
      to_address: e.toAddress,
      data: JSON.stringify(e.data),
      cause: e.cause,
      status: e.status,
      subject: e.subject,
      body_text: e.bodyText,
      body_html: e.bodyHtml,
      message_id: e.messageId,
      last_error: e.lastError,
      attempts: e.attempts,
      created_at: e.createdAt,
      sent_at: e.sentAt,
    })
    .execute();
}

/** Emails by id across operators (the send job's batch load). */
export async function findEmailsById(db: Handle, ids: string[]): Promise<Email[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('emails').selectAll().where('id', 'in', ids).execute()).map(toEmail);
}

export async function findEmail(db: Handle, operatorId: string, id: string): Promise<Email | undefined> {
  const r = await db
    .selectFrom('emails')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toEmail(r);
}

/** A send attempt's result; only a queued email changes. */
export async function settleEmail(
  tx: Tx,
  id: string,
  s: {
    status: EmailStatus;
    subject: string | null;
    bodyText: string | null;
    bodyHtml: string | null;
    messageId: string | null;
    lastError: string | null;
    sentAt: Date | null;
    data?: Email['data'];
  },
): Promise<void> {
  await tx
    .updateTable('emails')
    .set((eb) => ({
      status: s.status,
      subject: s.subject,
      body_text: s.bodyText,
      body_html: s.bodyHtml,
      message_id: s.messageId,
      last_error: s.lastError,
      sent_at: s.sentAt,
      attempts: eb('attempts', '+', 1),
      ...(s.data ? { data: JSON.stringify(s.data) } : {}),
    }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
}

export interface EmailFilter {
  contactId?: string;
  /** Staff emails (no contact) too: the back office's mailbox, never the partner-facing API. */
  withStaff?: boolean;
  templates?: string[];
  statuses?: string[];
}

export async function listEmails(
  db: Handle,
  operatorId: string,
  page: Page,
  filter: EmailFilter,
): Promise<PageOf<Email>> {
  let qb = db.selectFrom('emails').selectAll('emails').where('emails.operator_id', '=', operatorId);
  if (filter.contactId) qb = qb.where('emails.contact_id', '=', filter.contactId);
  if (!filter.withStaff) qb = qb.where('emails.contact_id', 'is not', null);
  if (filter.templates?.length) qb = qb.where('emails.template', 'in', filter.templates);
  if (filter.statuses?.length) qb = qb.where('emails.status', 'in', filter.statuses);
  return paginate(qb, page, { created_at: 'emails.created_at' }, toEmail, 'emails');
}
