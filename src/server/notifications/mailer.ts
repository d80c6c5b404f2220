/**
 * The SMTP edge of core/ledger/notify.ts `Mailer`: nodemailer with short timeouts, so an SMTP
 * server that is down or silent fails a send within seconds instead of holding a scheduler tick.
 *
 *   const mailer = smtpMailer(config.notify.smtp);   // undefined smtp → no mailer, in-app only
 *   await mailer.send({ to, subject, text });
 */
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from '../../core/ledger/notify.js';
import type { SmtpConfig } from './config.js';

export interface SmtpMailer extends Mailer {
  close(): void;
}

export function smtpMailer(smtp: SmtpConfig, opts: { timeoutMs?: number } = {}): SmtpMailer {
  const timeout = opts.timeoutMs ?? 15_000;
  const common = {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    pool: false,
  } as const;
  let { host, port, secure, user, pass } = smtp;
  if (smtp.url) {
    const u = new URL(smtp.url);
    host = u.hostname;
    ({ port, secure } = smtp);
    if (u.username) [user, pass] = [decodeURIComponent(u.username), decodeURIComponent(u.password)];
  }
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    auth: user ? { user, pass: pass ?? '' } : undefined,
    ...common,
  });
  return {
    async send(msg: MailMessage) {
      await transport.sendMail({
        from: smtp.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        textEncoding: 'base64',
      });
    },
    close() {
      transport.close();
    },
  };
}
