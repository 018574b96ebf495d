import { afterEach, describe, expect, it } from 'vitest';
import { type MailError, PermanentMailError, TransientMailError } from '../../../src/core/mail/mail-errors.js';
import { type MailMessage, messageIdFor } from '../../../src/core/mail/mail-message.js';
import type { Mailer } from '../../../src/core/mail/mailer.js';
import { orderCancelledMessage } from '../../../src/core/mail/order-cancelled-message.js';
import { orderConfirmationMessage } from '../../../src/core/mail/order-confirmation-message.js';
import { orderStatusMessage } from '../../../src/core/mail/order-status-message.js';
import { welcomeMessage } from '../../../src/core/mail/welcome-message.js';
import { createSmtpMailer, type SmtpMailerOptions } from '../../../src/data/mail/smtp-mailer.js';
import { customer, order, productNames, SECRETS } from '../../core/mail/mail-fixtures.js';
import { closedPort, startRawServer, startSmtpServer } from '../../support/smtp-server.js';

const FROM = 'Shop <no-reply@shop.example.com>';
const EVENT = '0193a111-2222-7333-8444-000000000001';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Mailers first (they hold pooled connections), then the servers.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function mailer(options: Partial<SmtpMailerOptions> & { url: string }): Mailer {
  const created = createSmtpMailer({ from: FROM, ...options });
  cleanups.push(() => created.close());
  return created;
}

async function server(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const started = await startSmtpServer(options);
  cleanups.push(() => started.close());
  return started;
}

const message = (eventId = EVENT, to = 'ada.lovelace@example.com'): MailMessage => ({
  messageId: messageIdFor(eventId, 'shop.example.com'),
  to,
  subject: 'Your order is confirmed',
  text: 'Hello Ada,\n\nThank you for your order.\n',
});

async function failure(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, 'the send should have failed').not.toBeNull();
  return error as MailError;
}

describe('the SMTP mailer, against a real SMTP server', () => {
  it('delivers to the one recipient, with the subject, body, sender and the exact Message-ID, logged in with the URL credentials', async () => {
    const smtp = await server({ auth: { user: 'mailer', pass: 'p@ss:w/rd' } });
    const receipt = await mailer({ url: smtp.url }).send(message());
    expect(receipt).toEqual({ messageId: `<evt-${EVENT}@shop.example.com>` });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.envelopeTo).toEqual(['ada.lovelace@example.com']);
    expect(mail!.mailFrom).toBe('no-reply@shop.example.com');
    expect(mail!.parsed.messageId).toBe(`<evt-${EVENT}@shop.example.com>`);
    expect(mail!.raw).toMatch(new RegExp(`^Message-ID: <evt-${EVENT}@shop\\.example\\.com>\\r$`, 'mi'));
    expect(mail!.parsed.subject).toBe('Your order is confirmed');
    expect(mail!.parsed.text).toBe('Hello Ada,\n\nThank you for your order.\n');
    expect(mail!.parsed.from?.value).toEqual([{ address: 'no-reply@shop.example.com', name: 'Shop' }]);
    expect(mail!.parsed.to).toMatchObject({ value: [{ address: 'ada.lovelace@example.com' }] });
  });

  it('speaks TLS from the start for smtps://, checking the certificate unless the URL says otherwise', async () => {
    const smtp = await server({ secure: true, auth: { user: 'mailer', pass: 'secret' } });
    // smtp-server's built-in certificate is self-signed: refused by default (transient: a certificate is fixed, not the message).
    const refused = await failure(mailer({ url: smtp.url }).send(message()));
    expect(refused).toBeInstanceOf(TransientMailError);
    expect(smtp.received).toHaveLength(0);
    // nodemailer reads tls.* options from the URL's query.
    await mailer({ url: `${smtp.url}?tls.rejectUnauthorized=false` }).send(message());
    expect(smtp.received.map((mail) => mail.parsed.messageId)).toEqual([`<evt-${EVENT}@shop.example.com>`]);
  });

  it('keeps non-ASCII subjects and bodies intact (encoded on the wire, decoded by the reader)', async () => {
    const smtp = await server();
    await mailer({ url: smtp.url }).send({ ...message(), subject: 'Willkommen, Zoë 🎉 — Ünïcödé', text: 'Grüße aus Köln: 12,50 €\n' });
    const [mail] = smtp.received;
    expect(mail!.raw).not.toContain('Zoë');
    expect(mail!.parsed.subject).toBe('Willkommen, Zoë 🎉 — Ünïcödé');
    expect(mail!.parsed.text).toBe('Grüße aus Köln: 12,50 €\n');
  });

  it('delivers to a non-ASCII address (over SMTPUTF8, which smtp-server offers)', async () => {
    const smtp = await server();
    await mailer({ url: smtp.url }).send(message(EVENT, 'zoë@bücher.example'));
    expect(smtp.received.map((mail) => mail.envelopeTo)).toEqual([['zoë@bücher.example']]);
  });

  it('sends the same event twice as the same message (same Message-ID), different events as different ones', async () => {
    const smtp = await server();
    const sender = mailer({ url: smtp.url });
    await sender.send(message());
    await sender.send(message());
    await sender.send(message('0193a111-2222-7333-8444-000000000002'));
    expect(smtp.received.map((mail) => mail.parsed.messageId)).toEqual([
      `<evt-${EVENT}@shop.example.com>`,
      `<evt-${EVENT}@shop.example.com>`,
      '<evt-0193a111-2222-7333-8444-000000000002@shop.example.com>',
    ]);
  });

  it('carries an HTML part beside the text when the message has one', async () => {
    const smtp = await server();
    await mailer({ url: smtp.url }).send({ ...message(), html: '<p>Hello <b>Ada</b></p>' });
    expect(smtp.received[0]!.parsed.html).toBe('<p>Hello <b>Ada</b></p>');
    expect(smtp.received[0]!.parsed.text).toBe('Hello Ada,\n\nThank you for your order.\n');
  });

  it('puts no password, hash or token in any message the core builds, as received on the wire', async () => {
    const smtp = await server();
    const sender = mailer({ url: smtp.url });
    const change = { from: 'PLACED' as const, to: 'CANCELLED' as const, at: new Date('2026-12-02T08:00:00.000Z') };
    const contents = [
      welcomeMessage(customer),
      orderConfirmationMessage({ order, customer, productNames }),
      orderStatusMessage({ order, customer, change: { from: 'PLACED', to: 'PAID', at: change.at } }),
      orderCancelledMessage({ order, customer, productNames, change }),
    ];
    for (const [index, content] of contents.entries()) {
      await sender.send({ ...content, messageId: messageIdFor(`0193a111-2222-7333-8444-00000000010${index}`, 'shop.example.com') });
    }
    expect(smtp.received).toHaveLength(4);
    for (const mail of smtp.received) {
      expect(mail.envelopeTo).toEqual([customer.email]);
      const seen = `${mail.raw}\n${mail.parsed.text ?? ''}\n${mail.parsed.subject ?? ''}`;
      for (const secret of SECRETS) expect(seen).not.toContain(secret);
    }
  });

  it('reports 451 as transient on each attempt, and the third attempt is accepted (the retry itself is the queue\'s)', async () => {
    const smtp = await server({ rcpt: (_address, attempt) => (attempt < 2 ? { code: 451, message: 'Greylisted, try again later' } : null) });
    const sender = mailer({ url: smtp.url });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const error = await failure(sender.send(message()));
      expect(error).toBeInstanceOf(TransientMailError);
      expect(error.permanent).toBe(false);
      expect(error.responseCode).toBe(451);
      expect(smtp.received).toHaveLength(0);
    }
    await expect(sender.send(message())).resolves.toEqual({ messageId: `<evt-${EVENT}@shop.example.com>` });
    expect(smtp.rcptAttempts).toEqual(['ada.lovelace@example.com', 'ada.lovelace@example.com', 'ada.lovelace@example.com']);
    expect(smtp.received.map((mail) => mail.parsed.messageId)).toEqual([`<evt-${EVENT}@shop.example.com>`]);
  });

  it('reports 550 for the recipient as permanent, and nothing is delivered', async () => {
    const smtp = await server({ rcpt: () => ({ code: 550, message: 'No such user here' }) });
    const error = await failure(mailer({ url: smtp.url }).send(message()));
    expect(error).toBeInstanceOf(PermanentMailError);
    expect(error.permanent).toBe(true);
    expect(error.responseCode).toBe(550);
    expect(smtp.received).toHaveLength(0);
  });

  it('reports a message refused at the end of DATA with 552 as permanent, and 452 there as transient', async () => {
    let reply = { code: 552, message: 'Message too large' };
    const smtp = await server({ data: () => reply });
    const sender = mailer({ url: smtp.url });
    const refused = await failure(sender.send(message()));
    expect(refused).toBeInstanceOf(PermanentMailError);
    expect(refused.responseCode).toBe(552);
    reply = { code: 452, message: 'Insufficient storage' };
    const deferred = await failure(sender.send(message()));
    expect(deferred).toBeInstanceOf(TransientMailError);
    expect(deferred.responseCode).toBe(452);
  });

  it('refuses a malformed recipient as permanent without contacting the server', async () => {
    const smtp = await server();
    const sender = mailer({ url: smtp.url });
    for (const to of ['ada@example.com, eve@example.com', 'Ada <ada@example.com>', 'ada@example.com\r\nBcc: eve@example.com', 'not an address']) {
      const error = await failure(sender.send(message(EVENT, to)));
      expect(error, to).toBeInstanceOf(PermanentMailError);
    }
    expect(smtp.rcptAttempts).toEqual([]);
  });

  it('reports a refused connection as transient', async () => {
    const error = await failure(mailer({ url: `smtp://127.0.0.1:${await closedPort()}` }).send(message()));
    expect(error).toBeInstanceOf(TransientMailError);
    expect(error.responseCode).toBeUndefined();
    expect((error.cause as { code?: string }).code).toBe('ESOCKET');
  });

  it('reports a server that never greets as transient, after the greeting timeout, not nodemailer\'s 30 s', async () => {
    const silent = await startRawServer(() => {});
    cleanups.push(() => silent.close());
    const started = Date.now();
    const error = await failure(mailer({ url: `smtp://127.0.0.1:${silent.port}`, timeouts: { greeting: 300 } }).send(message()));
    expect(error).toBeInstanceOf(TransientMailError);
    expect((error.cause as { code?: string }).code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a connection lost mid-conversation as transient', async () => {
    const hangUp = await startRawServer((socket) => {
      socket.write('220 test ESMTP\r\n');
      socket.once('data', () => socket.destroy());
    });
    cleanups.push(() => hangUp.close());
    const error = await failure(mailer({ url: `smtp://127.0.0.1:${hangUp.port}` }).send(message()));
    expect(error).toBeInstanceOf(TransientMailError);
    expect(['ECONNECTION', 'ESOCKET']).toContain((error.cause as { code?: string }).code);
  });

  it('reports wrong credentials as transient: the operator fixes them, the messages are not at fault', async () => {
    const smtp = await server({ auth: { user: 'mailer', pass: 'right' } });
    const error = await failure(mailer({ url: `smtp://mailer:wrong@127.0.0.1:${smtp.port}` }).send(message()));
    expect(error).toBeInstanceOf(TransientMailError);
    expect((error.cause as { code?: string }).code).toBe('EAUTH');
    expect(smtp.received).toHaveLength(0);
  });

  it('sends nothing once closed', async () => {
    const smtp = await server();
    const sender = createSmtpMailer({ url: smtp.url, from: FROM });
    await sender.close();
    await expect(sender.send(message())).rejects.toThrow(/closed/);
    expect(smtp.rcptAttempts).toEqual([]);
  });
});
