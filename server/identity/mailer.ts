import nodemailer from 'nodemailer';

// The server's own e-mail (sign-in links), over the same SMTP server as the notifications.

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

/** Without SMTP the link cannot leave the machine: say so in the log instead of pretending. */
export const noMailer: Mailer = {
  async send() {
    throw new Error('No SMTP server configured (SMTP_URL): sign-in links cannot be sent.');
  },
};
