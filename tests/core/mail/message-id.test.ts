import { describe, expect, it } from 'vitest';
import { PermanentMailError } from '../../../src/core/mail/mail-errors.js';
import { assertSendable, eventIdOf, type MailMessage, messageIdFor } from '../../../src/core/mail/mail-message.js';

const EVENT = '0193a111-2222-7333-8444-555566667777';

describe('the Message-ID of an event', () => {
  it('is <evt-<eventId>@<domain>>, the same every time for the same event', () => {
    expect(messageIdFor(EVENT, 'shop.example.com')).toBe(`<evt-${EVENT}@shop.example.com>`);
    expect(messageIdFor(EVENT, 'shop.example.com')).toBe(messageIdFor(EVENT, 'shop.example.com'));
    expect(messageIdFor(EVENT, 'localhost')).toBe(`<evt-${EVENT}@localhost>`);
  });

  it('differs between events and between domains', () => {
    expect(messageIdFor('a1', 'example.com')).not.toBe(messageIdFor('a2', 'example.com'));
    expect(messageIdFor('a1', 'example.com')).not.toBe(messageIdFor('a1', 'example.org'));
  });

  it('lower-cases the domain, so MAIL_FROM spelt in capitals names the same message', () => {
    expect(messageIdFor(EVENT, 'Shop.Example.COM')).toBe(messageIdFor(EVENT, 'shop.example.com'));
  });

  it('refuses an event id or domain that could break the header or a file name', () => {
    for (const eventId of ['', 'a b', 'a>b', 'a@b', '../etc', 'x\r\nBcc: y@z', 'a'.repeat(101)]) {
      expect(() => messageIdFor(eventId, 'example.com'), eventId).toThrow(RangeError);
    }
    for (const domain of ['', 'exa mple.com', 'example.com>', 'a@b', '-bad.com', 'bad..com', 'x\r\ny']) {
      expect(() => messageIdFor(EVENT, domain), domain).toThrow(RangeError);
    }
  });

  it('gives back its event id; an id not made from an event gives null', () => {
    expect(eventIdOf(messageIdFor(EVENT, 'example.com'))).toBe(EVENT);
    expect(eventIdOf('<1234.abcd@mail.example.com>')).toBeNull();
    expect(eventIdOf(`evt-${EVENT}@example.com`)).toBeNull();
  });
});

describe('what a Mailer refuses to send (permanent: sending it again cannot help)', () => {
  const good: MailMessage = { messageId: messageIdFor(EVENT, 'example.com'), to: 'ada@example.com', subject: 'Hello', text: 'Hi' };

  it('accepts a message of one recipient, a one-line subject and an event-derived id', () => {
    expect(() => assertSendable(good)).not.toThrow();
  });

  it('accepts the addresses users register with, non-ASCII ones included', () => {
    for (const to of ["o'brien+shop@example.co.uk", 'zoë@example.com', 'ada@bücher.example', 'ada@localhost']) {
      expect(() => assertSendable({ ...good, to }), to).not.toThrow();
    }
  });

  it.each([
    ['two recipients in one field', { to: 'ada@example.com, eve@example.com' }],
    ['a display name', { to: 'Ada <ada@example.com>' }],
    ['a header smuggled into the address', { to: 'ada@example.com\r\nBcc: eve@example.com' }],
    ['no domain', { to: 'ada' }],
    ['a double dot', { to: 'ada..l@example.com' }],
    ['a leading dot', { to: '.ada@example.com' }],
    ['a quoted local part', { to: '"ada"@example.com' }],
    ['a host starting with a hyphen', { to: 'ada@-example.com' }],
    ['a space in the host', { to: 'ada@exa mple.com' }],
    ['a bidi override', { to: 'ada\u202E@example.com' }],
    ['a subject of two lines', { subject: 'Hello\r\nBcc: eve@example.com' }],
    ['a Message-ID not derived from an event', { messageId: '<random@example.com>' }],
  ])('refuses %s', (_title, change) => {
    expect(() => assertSendable({ ...good, ...change } as MailMessage)).toThrow(PermanentMailError);
  });
});
