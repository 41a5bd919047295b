import { defineRoute } from '../../http/route.ts';
import type { RequestContext } from '../../http/context.ts';
import { multi, pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import { renderedById, type ResourceType } from '../../http/conventions/resource-types.ts';
import { DomainError } from '../../kernel/errors.ts';
import { EMAIL_STATUSES, EMAIL_TEMPLATES, type Email } from '../../domain/email/email.ts';
import { EmailEnvelope, EmailParams, EmailsEnvelope, EmailsQuery } from './emails.schemas.ts';
import { serializeEmail } from './emails.serialize.ts';

/**
 * The sandbox mailbox: every email the platform sent (or, in sandbox mode, kept instead of sending) to the
 * operator's contacts. Reading it needs `public.contact:read`, as reading the contacts does. Emailed sign-in
 * links are secrets that would let a reader act as the customer in the portal: the API shows them hidden
 * (the back office shows them to staff).
 */
function requireSandbox(ctx: RequestContext) {
  if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
}

const read = 'public.contact:read' as const;

const listEmails = defineRoute({
  method: 'GET',
  prefix: '/sandbox',
  path: '/emails',
  scope: read,
  operationId: 'listSandboxEmails',
  summary: 'List the emails sent to contacts (the sandbox mailbox), newest first',
  tag: 'Sandbox',
  query: EmailsQuery,
  response: EmailsEnvelope,
  envelope: { kind: 'list', key: 'emails', type: 'email' },
  handler: async (ctx, { query }) => {
    requireSandbox(ctx);
    const { items, total } = await ctx.services.emails.list(ctx, pageOf(query), {
      contactId: multi(query, 'contact_id')?.[0],
      templates: multi(query, 'template', EMAIL_TEMPLATES),
      statuses: multi(query, 'status', EMAIL_STATUSES),
    });
    return { items: items.map((e) => serializeEmail(ctx, e)), total };
  },
});

const showEmail = defineRoute({
  method: 'GET',
  prefix: '/sandbox',
  path: '/emails/:email_id',
  scope: read,
  operationId: 'showSandboxEmail',
  summary: 'Show one email of the sandbox mailbox',
  tag: 'Sandbox',
  params: EmailParams,
  query: ShowQuery,
  response: EmailEnvelope,
  envelope: { kind: 'one', key: 'email', type: 'email' },
  handler: async (ctx, { params }) => {
    requireSandbox(ctx);
    return serializeEmail(ctx, await ctx.services.emails.get(ctx, params.email_id));
  },
});

export const emailsSandboxRoutes = [listEmails, showEmail];

export const emailType: ResourceType = {
  name: 'email',
  scope: read,
  load: async (ctx, ids) => {
    const found = await Promise.all(ids.map((id) => ctx.services.emails.get(ctx, id).catch(() => null)));
    return renderedById(
      found.filter((e): e is Email => !!e),
      (e) => serializeEmail(ctx, e),
    );
  },
  relations: { contact: { type: 'contact' } },
};
