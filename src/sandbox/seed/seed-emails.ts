import { newId } from '../../kernel/ids.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { insertEmail } from '../../storage/repos/emails.repo.ts';
import { renderEmail } from '../../domain/email/email-templates.ts';
import type { EmailData } from '../../domain/email/email.ts';
import type { SeedContext } from './seed-context.ts';

/**
 * One email in the sandbox mailbox: the first contact's welcome to the customer portal, as captured in sandbox
 * mode (the generated isolation and contract tests need one; the seed's back-dated history itself sends nothing).
 */
export async function seedEmails(s: SeedContext): Promise<void> {
  const contactId = s.created.contacts?.[0];
  if (s.size !== 'full' || !contactId) return;
  const [contact] = await findContacts(s.tx, s.operator.id, [contactId]);
  if (!contact?.email) return;
  const at = s.at(60 * 24 * 30);
  const data: EmailData = {
    operator_name: s.operator.name,
    contact_name: contact.fullName || contact.email,
    portal_path: `/portal/${s.operator.slug}`,
    invoice_id: 'inv_0000000000000000',
    invoice_number: 'DEMO-0001',
    amount_paid: '£0.00',
    paid_date: '',
    total: '£0.00',
    amount_due: '',
    period: '',
  };
  const rendered = await renderEmail('receipt', { ...data, base_url: '' });
  await insertEmail(s.tx, {
    id: newId('email'),
    operatorId: s.operator.id,
    contactId,
    template: 'receipt',
    toAddress: contact.email,
    data,
    cause: null,
    status: 'captured',
    subject: rendered.subject,
    bodyText: rendered.text,
    bodyHtml: rendered.html,
    messageId: null,
    lastError: null,
    attempts: 1,
    createdAt: at,
    sentAt: at,
  });
}
