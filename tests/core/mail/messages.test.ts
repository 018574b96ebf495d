import { describe, expect, it } from 'vitest';
import { formatCents, singleLine, subjectLine } from '../../../src/core/mail/mail-text.js';
import { orderCancelledMessage } from '../../../src/core/mail/order-cancelled-message.js';
import { orderConfirmationMessage } from '../../../src/core/mail/order-confirmation-message.js';
import { orderStatusMessage } from '../../../src/core/mail/order-status-message.js';
import { welcomeMessage } from '../../../src/core/mail/welcome-message.js';
import type { MailContent } from '../../../src/core/mail/mail-message.js';
import { customer, LAMP, MUG, order, productNames, SECRETS } from './mail-fixtures.js';

const cancelled = { ...order, status: 'CANCELLED' as const };
const shipped = { from: 'PAID' as const, to: 'SHIPPED' as const, at: new Date('2026-12-02T08:05:59.000Z') };

/** Every message the core can build, from the realistic fixtures. */
const allMessages = (): [string, MailContent][] => [
  ['welcome', welcomeMessage(customer)],
  ['order confirmation', orderConfirmationMessage({ order, customer, productNames })],
  ['order status', orderStatusMessage({ order, customer, change: shipped })],
  ['order cancelled', orderCancelledMessage({ order: cancelled, customer, productNames, change: { from: 'PLACED', to: 'CANCELLED', at: shipped.at } })],
];

describe('money in messages, from integer cents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [99, '0.99'],
    [100, '1.00'],
    [1250, '12.50'],
    [123_405, '1,234.05'],
    [100_000_000, '1,000,000.00'],
    [-1250, '-12.50'],
  ])('%i cents read %s', (cents, shown) => {
    expect(formatCents(cents)).toBe(shown);
  });

  it('refuses a number that is not a whole amount of cents', () => {
    expect(() => formatCents(12.5)).toThrow(RangeError);
    expect(() => formatCents(Number.NaN)).toThrow(RangeError);
  });
});

describe('the messages', () => {
  it('welcome: to the new user, greeting them by first name', () => {
    const message = welcomeMessage(customer);
    expect(message.to).toBe('ada.lovelace@example.com');
    expect(message.subject).toBe('Welcome to flexible-backend, Ada');
    expect(message.text).toContain('Hello Ada,');
    expect(message.text).toContain('Ada Lovelace');
    expect(message.text).toContain('ada.lovelace@example.com');
  });

  it('order confirmation: every line with its product name, quantity, unit price and total, then the order total', () => {
    const message = orderConfirmationMessage({ order, customer, productNames });
    expect(message.to).toBe(customer.email);
    expect(message.subject).toBe(`Your order ${order.id} is confirmed`);
    expect(message.text).toContain('placed 2026-12-01 20:42 UTC');
    expect(message.text).toContain('  2 × Blue mug at 12.50 = 25.00\n');
    expect(message.text).toContain('  1 × Brass desk lamp at 1,234.05 = 1,234.05\n');
    expect(message.text).toContain('  Total: 1,259.05\n');
  });

  it('order confirmation: a product whose name is not known shows its id rather than failing', () => {
    const message = orderConfirmationMessage({ order, customer, productNames: new Map([[MUG, 'Blue mug']]) });
    expect(message.text).toContain(`  1 × product ${LAMP} at 1,234.05`);
  });

  it('status change: names the order and both statuses', () => {
    const message = orderStatusMessage({ order, customer, change: shipped });
    expect(message.subject).toBe(`Your order ${order.id} is now shipped`);
    expect(message.text).toContain('went from paid to shipped on 2026-12-02 08:05 UTC');
  });

  it('cancellation: names the order and what it held', () => {
    const [, message] = allMessages()[3]!;
    expect(message.subject).toBe(`Your order ${order.id} is cancelled`);
    expect(message.text).toContain('cancelled on 2026-12-02 08:05 UTC');
    expect(message.text).toContain('2 × Blue mug');
    expect(message.text).toContain('Total: 1,259.05');
  });

  it('no message carries a password, hash or token, even when given a whole stored user record', () => {
    for (const [title, message] of allMessages()) {
      const whole = JSON.stringify(message);
      for (const secret of SECRETS) expect(whole, `${title} contains ${secret}`).not.toContain(secret);
    }
  });

  it('every subject is one line, every message has a recipient and a body', () => {
    for (const [title, message] of allMessages()) {
      expect(message.subject, title).not.toMatch(/[\r\n]/);
      expect(message.to, title).toBe(customer.email);
      expect(message.text.length, title).toBeGreaterThan(40);
    }
  });
});

describe('header injection through names is neutralised', () => {
  const hostile = { ...customer, firstName: 'Eve\r\nBcc: victim@example.org\r\n\r\nHi', lastName: 'X\u202Eevil\nY' };

  it('a name with CR/LF cannot add a header to the subject', () => {
    const message = welcomeMessage(hostile);
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.subject).toBe('Welcome to flexible-backend, Eve Bcc: victim@example.org Hi');
  });

  it('a name with line breaks or a bidi override stays on its own line in the body', () => {
    const message = welcomeMessage(hostile);
    expect(message.text.split('\n')).not.toContain('Bcc: victim@example.org');
    expect(message.text).not.toContain('\u202E');
    expect(message.text).toContain('Hello Eve Bcc: victim@example.org Hi,');
  });

  it('a product name with line breaks stays one line of the order summary', () => {
    const names = new Map([[MUG, 'Mug\r\nTotal: 0.00'], [LAMP, 'Lamp']]);
    const message = orderConfirmationMessage({ order, customer, productNames: names });
    const lines = message.text.split('\n');
    expect(lines).toContain('  2 × Mug Total: 0.00 at 12.50 = 25.00');
    // The only line that starts like a total is the real one.
    expect(lines.filter((line) => line.trimStart().startsWith('Total:'))).toEqual(['  Total: 1,259.05']);
  });

  it('singleLine turns every control character into one space; subjectLine also bounds the length', () => {
    expect(singleLine(' a\tb\r\n\u2028c\u0000d ')).toBe('a b c d');
    const long = subjectLine(`Welcome, ${'x'.repeat(500)}`);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
