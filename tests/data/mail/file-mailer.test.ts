import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentMailError, TransientMailError } from '../../../src/core/mail/mail-errors.js';
import { type MailMessage, messageIdFor } from '../../../src/core/mail/mail-message.js';
import { orderConfirmationMessage } from '../../../src/core/mail/order-confirmation-message.js';
import { createFileMailer } from '../../../src/data/mail/file-mailer.js';
import { customer, order, productNames, SECRETS } from '../../core/mail/mail-fixtures.js';

const EVENT = '0193a111-2222-7333-8444-000000000001';
const FROM = 'flexible-backend <no-reply@localhost>';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mail-file-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const message = (eventId = EVENT, subject = 'Your order is confirmed'): MailMessage => ({
  messageId: messageIdFor(eventId, 'localhost'),
  to: 'ada.lovelace@example.com',
  subject,
  text: 'Hello Ada,\n\nThank you for your order: 2 × Blue mug at 12.50 = 25.00\n',
});

describe('the .eml development mailer', () => {
  it('writes the message as an RFC 5322 file named by its event under the directory (made when missing), and reports the path', async () => {
    const directory = join(dataDir, 'mail');
    const receipt = await createFileMailer({ directory, from: FROM }).send(message());
    expect(receipt).toEqual({ messageId: `<evt-${EVENT}@localhost>`, path: join(directory, `evt-${EVENT}.eml`) });
    const raw = await readFile(receipt.path!, 'utf8');
    // CRLF line ends throughout, as RFC 5322 has them.
    expect(raw.replaceAll('\r\n', '')).not.toContain('\n');
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe(`<evt-${EVENT}@localhost>`);
    expect(parsed.subject).toBe('Your order is confirmed');
    expect(parsed.text).toBe('Hello Ada,\n\nThank you for your order: 2 × Blue mug at 12.50 = 25.00\n');
    expect(parsed.from?.value).toEqual([{ address: 'no-reply@localhost', name: 'flexible-backend' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'ada.lovelace@example.com' }] });
    expect(parsed.date).toBeInstanceOf(Date);
  });

  it('leaves one file for the same event sent twice (the later copy), and one file per event otherwise', async () => {
    const directory = join(dataDir, 'mail');
    const mailer = createFileMailer({ directory, from: FROM });
    await mailer.send(message(EVENT, 'First try'));
    await mailer.send(message(EVENT, 'After a crash'));
    await mailer.send(message('0193a111-2222-7333-8444-000000000002'));
    expect((await readdir(directory)).sort()).toEqual([`evt-${EVENT}.eml`, 'evt-0193a111-2222-7333-8444-000000000002.eml']);
    const parsed = await simpleParser(await readFile(join(directory, `evt-${EVENT}.eml`)));
    expect(parsed.subject).toBe('After a crash');
  });

  it('keeps the HTML alternative when the message has one', async () => {
    const receipt = await createFileMailer({ directory: dataDir, from: FROM }).send({ ...message(), html: '<p>Hello <b>Ada</b></p>' });
    const parsed = await simpleParser(await readFile(receipt.path!));
    expect(parsed.html).toBe('<p>Hello <b>Ada</b></p>');
  });

  it('writes no password, hash or token for a message the core builds', async () => {
    const content = orderConfirmationMessage({ order, customer, productNames });
    const receipt = await createFileMailer({ directory: dataDir, from: FROM }).send({ ...content, messageId: messageIdFor(EVENT, 'localhost') });
    const raw = await readFile(receipt.path!, 'utf8');
    const parsed = await simpleParser(raw);
    expect(parsed.text).toContain('Total: 1,259.05');
    for (const secret of SECRETS) expect(`${raw}\n${parsed.text}`).not.toContain(secret);
  });

  it('refuses a malformed message as permanent and writes nothing', async () => {
    const mailer = createFileMailer({ directory: dataDir, from: FROM });
    await expect(mailer.send({ ...message(), to: 'ada@example.com, eve@example.com' })).rejects.toBeInstanceOf(PermanentMailError);
    await expect(mailer.send({ ...message(), subject: 'a\r\nBcc: eve@example.com' })).rejects.toBeInstanceOf(PermanentMailError);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('reports a directory it cannot write as transient (the operator fixes it), not as sent', async () => {
    const blocked = join(dataDir, 'not-a-directory');
    await writeFile(blocked, 'a file where the directory should be');
    await expect(createFileMailer({ directory: blocked, from: FROM }).send(message())).rejects.toBeInstanceOf(TransientMailError);
  });
});
