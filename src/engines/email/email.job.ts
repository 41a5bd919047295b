import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/emails.repo.ts';
import type { JobHandler, JobOutcome } from '../../domain/jobs/job.ts';
import { EMAIL_JOB, EMAIL_RETRY_MS, HIDDEN_LINK, type Email, type PreparedEmail } from '../../domain/email/email.ts';
import { renderEmail, type RenderedEmail } from '../../domain/email/email-templates.ts';
import type { MailTransport } from './mail-transport.ts';

export interface EmailSettings {
  /** Sandbox: every email is kept in the sandbox mailbox; it also goes out only when SMTP is configured. */
  sandbox: boolean;
  /** The public URL links in emails start with. */
  publicUrl: () => string;
  /** Envelope and header sender, e.g. `Acme Storage <no-reply@acme.example>`. */
  from: string;
  /** SMTP (nodemailer); production without it fails each email, saying why. */
  transport: MailTransport | null;
}

/** What is read when an email is sent rather than when it was caused (move-in access codes, the operator's template). */
export type EmailPreparer = (db: Db, email: Email) => Promise<PreparedEmail>;

type Attempt =
  | { kind: 'sent' | 'captured'; rendered: RenderedEmail; messageId: string | null }
  | { kind: 'error'; error: string; rendered: RenderedEmail | null; permanent: boolean };

/** Production keeps no usable sign-in link once it has been sent: the stored copy has it hidden. */
function withoutLink(email: Email, r: RenderedEmail): { rendered: RenderedEmail; data: Email['data'] } {
  const link = typeof email.data.sign_in_path === 'string' ? email.data.sign_in_path : null;
  if (!link) return { rendered: r, data: email.data };
  const hide = (s: string) => s.split(link).join(HIDDEN_LINK);
  return {
    rendered: { subject: r.subject, text: hide(r.text), html: hide(r.html) },
    data: { ...email.data, sign_in_path: HIDDEN_LINK },
  };
}

/**
 * `email.send`: renders one queued email and sends it (outside any transaction), then records the result.
 * SMTP failures are retried on EMAIL_RETRY_MS (real time), then the email is `failed`.
 */
export function emailJobHandler(
  clock: Clock,
  settings: EmailSettings,
  prepare: EmailPreparer,
): JobHandler<PreparedEmail, Attempt> {
  return {
    kind: EMAIL_JOB,

    async load(db, jobs) {
      const emails = new Map(
        (
          await repo.findEmailsById(
            db,
            jobs.map((j) => j.payload.email_id as string),
          )
        ).map((e) => [e.id, e]),
      );
      const out = new Map<string, PreparedEmail>();
      for (const j of jobs) {
        const e = emails.get(j.payload.email_id as string);
        if (e?.status === 'queued') out.set(j.id, await prepare(db, e));
      }
      return out;
    },

    async run(_job, email) {
      let rendered: RenderedEmail;
      try {
        rendered = await renderEmail(email.template, { ...email.data, base_url: settings.publicUrl() }, email.source);
      } catch (err) {
        return { kind: 'error', error: `template: ${(err as Error).message}`, rendered: null, permanent: true };
      }
      if (!settings.transport) {
        if (settings.sandbox) return { kind: 'captured', rendered, messageId: null };
        return {
          kind: 'error',
          error: 'no SMTP server configured (start with --smtp-url)',
          rendered,
          permanent: true,
        };
      }
      try {
        const { messageId } = await settings.transport.send({
          from: settings.from,
          to: email.toAddress,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          headers: { 'X-Lockyard-Email-Id': email.id, 'X-Lockyard-Template': email.template },
        });
        return { kind: 'sent', rendered, messageId };
      } catch (err) {
        return {
          kind: 'error',
          error: String((err as Error)?.message ?? err).slice(0, 500),
          rendered,
          permanent: false,
        };
      }
    },

    async settle(tx, items) {
      const outcomes = new Map<string, JobOutcome>();
      for (const { job, loaded: email, result } of items) {
        const now = job.operatorNow();
        if (result.kind !== 'error') {
          const kept = settings.sandbox
            ? { rendered: result.rendered, data: undefined }
            : withoutLink(email, result.rendered);
          await repo.settleEmail(tx, email.id, {
            status: result.kind,
            subject: kept.rendered.subject,
            bodyText: kept.rendered.text,
            bodyHtml: kept.rendered.html,
            messageId: result.messageId,
            lastError: null,
            sentAt: now,
            data: kept.data,
          });
          outcomes.set(job.id, { type: 'done' });
          continue;
        }
        const attempt = email.attempts + 1;
        const delay = result.permanent ? undefined : EMAIL_RETRY_MS[attempt - 1];
        const kept = result.rendered && !settings.sandbox ? withoutLink(email, result.rendered) : null;
        await repo.settleEmail(tx, email.id, {
          status: delay === undefined ? 'failed' : 'queued',
          subject: (kept?.rendered ?? result.rendered)?.subject ?? null,
          bodyText: (kept?.rendered ?? result.rendered)?.text ?? null,
          bodyHtml: (kept?.rendered ?? result.rendered)?.html ?? null,
          messageId: null,
          lastError: result.error,
          sentAt: null,
          data: delay === undefined ? kept?.data : undefined,
        });
        outcomes.set(
          job.id,
          delay === undefined
            ? { type: 'failed', error: result.error }
            : { type: 'retry', runAt: new Date(clock.now().getTime() + delay), error: result.error },
        );
      }
      return outcomes;
    },
  };
}
