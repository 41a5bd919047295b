import { Type } from '@sinclair/typebox';
import { Nullable, Ref, StringEnum, Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { filterEnum, listQuery } from '../../http/conventions/list-query.ts';
import { EMAIL_STATUSES, EMAIL_TEMPLATES } from '../../domain/email/email.ts';

export const EmailSchema = Type.Object({
  id: Type.String({ examples: ['eml_a1b2c3d4e5f67890'] }),
  body_html: Nullable(Type.String({ description: 'Null until the email has been rendered by its send job' })),
  body_text: Nullable(Type.String()),
  cause: Nullable(Type.String({ description: 'The event (or record) that caused the email' })),
  contact: Ref('con'),
  created_at: Timestamp,
  last_error: Nullable(Type.String()),
  sent_at: Nullable(Timestamp),
  status: StringEnum(EMAIL_STATUSES, {
    description: 'queued; captured (sandbox mailbox only); sent (over SMTP); failed (after its retries)',
  }),
  subject: Nullable(Type.String()),
  template: StringEnum(EMAIL_TEMPLATES),
  to: Type.String(),
});

export const EmailsQuery = listQuery({
  expand: true,
  filters: {
    contact_id: Type.String({ description: 'Filter by Contact ID' }),
    template: filterEnum(EMAIL_TEMPLATES, 'Filter by template'),
    status: filterEnum(EMAIL_STATUSES, 'Filter by status'),
  },
});

export const EmailsEnvelope = listEnvelope('emails', EmailSchema);
export const EmailEnvelope = oneEnvelope('email', EmailSchema);
export const EmailParams = Type.Object({ email_id: Type.String({ description: 'The ID of the email' }) });
