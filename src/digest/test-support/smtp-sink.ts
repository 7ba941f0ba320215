/** A real SMTP server on loopback (smtp-server) that keeps what it receives, for delivery tests. */
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  /** smtp://USER:PASS@127.0.0.1:port */
  url: string;
  received: { envelopeTo: string[]; raw: Buffer }[];
  parsed(i: number): Promise<Email>;
  close(): Promise<void>;
}

export const SMTP_USER = 'digest';
export const SMTP_PASS = 'hunter2-smtp';

/** Requires AUTH (PLAIN/LOGIN over the plain loopback connection); `reject` answers every message with a 554. */
export async function startSmtpSink(options: { reject?: boolean } = {}): Promise<SmtpSink> {
  const received: SmtpSink['received'] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.reject) {
          callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 554 }));
          return;
        }
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`,
    received,
    parsed: (i) => PostalMime.parse(received[i]!.raw),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
