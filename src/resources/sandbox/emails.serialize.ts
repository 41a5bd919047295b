import { isoSeconds } from '../../kernel/clock.ts';
import { HIDDEN_LINK, type Email } from '../../domain/email/email.ts';

/** Emailed sign-in links are shown hidden: they would let an API reader act as the customer in the portal. */
export function serializeEmail(_ctx: unknown, e: Email) {
  const link =
    typeof e.data.sign_in_path === 'string' && e.data.sign_in_path !== HIDDEN_LINK ? e.data.sign_in_path : null;
  const hide = (s: string | null) => (s !== null && link ? s.split(link).join(HIDDEN_LINK) : s);
  return {
    id: e.id,
    body_html: hide(e.bodyHtml),
    body_text: hide(e.bodyText),
    cause: e.cause,
    contact: { id: e.contactId },
    created_at: isoSeconds(e.createdAt),
    last_error: e.lastError,
    sent_at: isoSeconds(e.sentAt),
    status: e.status,
    subject: e.subject,
    template: e.template,
    to: e.toAddress,
  };
}
