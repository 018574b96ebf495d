import type { Order } from '../../../src/core/orders/order.js';
import type { UserRecord } from '../../../src/core/users/user.js';

/**
 * Inputs as a worker will have them: the user as a store returns it (with its
 * hash and token version: the message functions take a User, and a record is
 * one, so nothing stops a caller passing it), an order with two lines.
 */
export const PASSWORD = 'Correct-Horse-Battery-9';
export const PASSWORD_HASH =
  'scrypt$32768$8$3$q9W2mX0b1c3PzK7sT5uVfA$Hk3yN1q8Zr0b2Vw6sT9uLmXcPe4RdJf7aGh5iKo2nBs';
// An access token as the API issues them (a JWT): never in an input, and must never appear anyway.
export const ACCESS_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMTkzYTAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJ2ZXIiOjgxMjM0NTY3fQ.kY7oR6b1n2Qh0c9WfTqz3Lx5sVd8aPe4mJu1NiXg2Ho';

export const customer: UserRecord = {
  id: '0193a000-0000-7000-8000-000000000001',
  email: 'ada.lovelace@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  role: 'USER',
  createdAt: new Date('2026-11-30T09:15:00.000Z'),
  updatedAt: new Date('2026-11-30T09:15:00.000Z'),
  passwordHash: PASSWORD_HASH,
  tokenVersion: 81_234_567,
};

export const MUG = '0193a000-0000-7000-8000-00000000aa01';
export const LAMP = '0193a000-0000-7000-8000-00000000aa02';

export const order: Order = {
  id: '0193a111-2222-7333-8444-555566667777',
  customerId: customer.id,
  status: 'PLACED',
  lines: [
    { productId: MUG, quantity: 2, unitPriceCents: 1250, totalCents: 2500 },
    { productId: LAMP, quantity: 1, unitPriceCents: 123_405, totalCents: 123_405 },
  ],
  totalCents: 125_905,
  createdAt: new Date('2026-12-01T20:42:13.000Z'),
  updatedAt: new Date('2026-12-01T20:42:13.000Z'),
};

export const productNames = new Map([
  [MUG, 'Blue mug'],
  [LAMP, 'Brass desk lamp'],
]);

/** What must never be in a message, in any encoding a scan of the raw text could see. */
export const SECRETS = [PASSWORD, PASSWORD_HASH, ACCESS_TOKEN, String(customer.tokenVersion), 'passwordHash', 'tokenVersion', 'scrypt$'];
