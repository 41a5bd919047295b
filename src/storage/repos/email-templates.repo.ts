import type { EmailTemplate, EmailTemplateSource } from '../../domain/email/email.ts';
import type { Handle, Row, Tx } from '../database.ts';

/** An operator's edited email template (migration 0031); none stored means the built-in default. */
export interface StoredEmailTemplate {
  template: EmailTemplate;
  source: EmailTemplateSource;
  updatedAt: Date;
  updatedBy: string | null;
}

const toTemplate = (r: Row<'email_templates'>): StoredEmailTemplate => ({
  template: r.template as EmailTemplate,
  source: { subject: r.subject, text: r.body_text, html: r.body_html },
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export async function listEmailTemplates(h: Handle, operatorId: string): Promise<StoredEmailTemplate[]> {
  const rows = await h.selectFrom('email_templates').selectAll().where('operator_id', '=', operatorId).execute();
  return rows.map(toTemplate);
}

export async function findEmailTemplate(
  h: Handle,
  operatorId: string,
  template: EmailTemplate,
): Promise<StoredEmailTemplate | null> {
  const r = await h
    .selectFrom('email_templates')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('template', '=', template)
    .executeTakeFirst();
  return r ? toTemplate(r) : null;
}

export async function saveEmailTemplate(
  tx: Tx,
  operatorId: string,
  template: EmailTemplate,
  s: EmailTemplateSource,
  at: Date,
  by: string | null,
): Promise<void> {
  const values = { subject: s.subject, body_text: s.text, body_html: s.html, updated_at: at, updated_by: by };
  await tx
    .insertInto('email_templates')
    .values({ operator_id: operatorId, template, ...values })
    .onConflict((oc) => oc.columns(['operator_id', 'template']).doUpdateSet(values))
    .execute();
}

/** Back to the built-in default; whether there was an edit to remove. */
export async function deleteEmailTemplate(tx: Tx, operatorId: string, template: EmailTemplate): Promise<boolean> {
  const r = await tx
    .deleteFrom('email_templates')
    .where('operator_id', '=', operatorId)
    .where('template', '=', template)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
