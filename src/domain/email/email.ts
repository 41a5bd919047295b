/** The emails Lockyard sends to a contact (docs/decisions/email.md). */
export const EMAIL_TEMPLATES = [
  'booking_confirmation',
  'move_in_day',
  'invoice',
  'receipt',
  'payment_failed',
  'portal_sign_in',
] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

/**
 * Emails to the operator's own people rather than a contact (no contact, not in the partner-facing mailbox API, not
 * editable in Settings → Email templates): the add-on alert (docs/addons.md).
 */
export const STAFF_EMAIL_TEMPLATES = ['addon_alert'] as const;
export type StaffEmailTemplate = (typeof STAFF_EMAIL_TEMPLATES)[number];
export const isStaffTemplate = (t: string): t is StaffEmailTemplate =>
  (STAFF_EMAIL_TEMPLATES as readonly string[]).includes(t);

/** queued → sent (SMTP, production) | captured (sandbox mailbox) | failed (after its retries). */
export const EMAIL_STATUSES = ['queued', 'sent', 'captured', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** The job kind that renders and sends one email. */
export const EMAIL_JOB = 'email.send';

/** What a template is rendered with: scalars and flat lists, snapshotted when the cause commits. */
export type EmailData = Record<string, unknown>;

export interface Email {
  id: string;
  operatorId: string;
  /** Null for a staff email (STAFF_EMAIL_TEMPLATES). */
  contactId: string | null;
  template: EmailTemplate | StaffEmailTemplate;
  toAddress: string;
  data: EmailData;
  cause: string | null;
  status: EmailStatus;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
  messageId: string | null;
  lastError: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

/** Sign-in links are secrets: what the API's mailbox shows instead of them (the back office shows them). */
export const HIDDEN_LINK = '[sign-in link hidden: open it from the back office mailbox]';

/** Send attempts before an email is `failed`, and the wait before each retry (real time). */
export const EMAIL_RETRY_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/** A template's Liquid sources: the built-in default or the operator's edit (Settings → Email templates). */
export interface EmailTemplateSource {
  subject: string;
  text: string;
  html: string;
}

/** An email as the sender renders it: with the source it is rendered from (null: the built-in default). */
export interface PreparedEmail extends Email {
  source: EmailTemplateSource | null;
}
