import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Where emails leave the platform: SMTP through nodemailer. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * An SMTP transport from a URL: `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465` (TLS).
 * Timeouts are bounded so a dead server fails the attempt (it is retried) rather than holding a job.
 */
export function smtpTransport(url: string, opts: { tls?: { rejectUnauthorized?: boolean } } = {}): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    ...(opts.tls ? { tls: opts.tls } : {}),
  } as never);
  return {
    async send(mail) {
      const info = await transporter.sendMail(mail);
      return { messageId: String(info.messageId ?? '') };
    },
    close: () => transporter.close(),
  };
}
