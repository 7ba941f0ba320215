/** Sending mail through the configured SMTP server (nodemailer). */
import nodemailer from 'nodemailer';
import type { Config } from '../core/config.js';
import { PaperboyError } from '../core/errors.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Resolves once the server accepted the message; a MAIL_FAILED error otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A mailer for the configured server; BAD_CONFIG when no server or From address is set. */
export function smtpMailer(config: Config): Mailer {
  const smtp = config.smtp;
  if (!smtp) throw new PaperboyError('BAD_CONFIG', 'no mail server configured: set PAPERBOY_SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS)');
  const from = config.mailFrom;
  if (!from) throw new PaperboyError('BAD_CONFIG', 'no sender address: set PAPERBOY_MAIL_FROM, e.g. "paperboy <papers@example.org>"');
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from, ...message });
      } catch (err) {
        // nodemailer's message names the server and what it answered, never the password.
        throw new PaperboyError('MAIL_FAILED', `the mail server ${smtp.host}:${smtp.port} did not accept the digest for ${message.to}: ${(err as Error).message}`);
      }
    },
    close: () => transport.close(),
  };
}
