/**
 * The migrated database serves every field of every Prisma model: the hand-written migration and
 * schema.prisma agree. Written through the generated client (not the repositories), so a column
 * the migration forgot, misnamed or mistyped fails here even if no port uses it yet.
 */
import { expect, it } from 'vitest';
import { Prisma } from '../../../src/data/prisma/generated/client.js';
import { asSqlFixture, sqlStoreKinds } from '../../support/sql-stores.js';
import { describeEachStore } from '../../support/stores.js';

const scalarFields = (fields: Record<string, string>) => Object.values(fields).sort();

// Millisecond values that a coarser column (or a timestamp without time zone) would not give back.
const created = new Date('2026-03-04T05:06:07.891Z');
const updated = new Date('2026-03-05T06:07:08.912Z');

const fullUser = {
  id: 'user-1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  passwordHash: 'scrypt$hash',
  role: 'ADMIN',
  createdAt: created,
  updatedAt: updated,
  tokenVersion: 2_147_483_647,
} as const;

const fullToken = {
  id: 'token-1',
  tokenHash: 'hash-of-token',
  userId: fullUser.id,
  familyId: 'family-1',
  expiresAt: new Date('2026-04-04T05:06:07.123Z'),
  revokedAt: new Date('2026-03-10T01:02:03.456Z'),
  createdAt: created,
  tokenVersion: 12_345,
};

const fullProduct = {
  id: 'product-1',
  sku: 'SKU-1',
  name: 'Difference engine',
  description: 'Brass,\nhand-cranked',
  priceCents: 1_000_000,
  stock: 1_000_000,
  archived: true,
  createdAt: created,
  updatedAt: updated,
};

const fullOrder = {
  id: 'order-1',
  customerId: 'user-that-may-be-gone',
  idempotencyKey: 'key-1',
  status: 'CANCELLED',
  createdAt: created,
  updatedAt: updated,
} as const;

const fullLine = {
  orderId: fullOrder.id,
  position: 19,
  productId: fullProduct.id,
  quantity: 100,
  unitPriceCents: 1_000_000,
  totalCents: 100_000_000,
};

const fullExport = {
  id: 'export-1',
  status: 'FAILED',
  from: created,
  to: updated,
  createdAt: created,
  startedAt: new Date('2026-03-04T05:06:08.123Z'),
  finishedAt: updated,
  requestedBy: 'user-that-may-be-gone',
  failureReason: 'the store said no',
} as const;

const fullChunk = { exportId: fullExport.id, chunkIndex: 2_147_483_647, csv: 'a,"b\r\nc"\r\n' };

describeEachStore(
  'prisma models on the migrated schema',
  (fixture) => {
    const prisma = () => asSqlFixture(fixture()).store.prisma;

    it('writes and reads back every field of User', async () => {
      // Fails when schema.prisma gains a field this test does not write.
      expect(Object.keys(fullUser).sort()).toEqual(scalarFields(Prisma.UserScalarFieldEnum));
      await prisma().user.create({ data: fullUser });
      expect(await prisma().user.findUniqueOrThrow({ where: { id: fullUser.id } })).toEqual(fullUser);
    });

    it('writes and reads back every field of RefreshToken', async () => {
      expect(Object.keys(fullToken).sort()).toEqual(scalarFields(Prisma.RefreshTokenScalarFieldEnum));
      await prisma().user.create({ data: fullUser });
      await prisma().refreshToken.create({ data: fullToken });
      await prisma().refreshToken.create({ data: { ...fullToken, id: 'token-2', tokenHash: 'other', revokedAt: null } });
      expect(await prisma().refreshToken.findUniqueOrThrow({ where: { id: 'token-1' } })).toEqual(fullToken);
      expect(await prisma().refreshToken.findUniqueOrThrow({ where: { tokenHash: 'other' } })).toMatchObject({ revokedAt: null });
    });

    it('defaults role to USER as the schema says', async () => {
      const { role: _role, ...withoutRole } = fullUser;
      expect(await prisma().user.create({ data: withoutRole })).toMatchObject({ role: 'USER' });
    });

    it('defaults the token versions to 0 as the schema says', async () => {
      const { tokenVersion: _user, ...user } = fullUser;
      const { tokenVersion: _token, ...token } = fullToken;
      expect(await prisma().user.create({ data: user })).toMatchObject({ tokenVersion: 0 });
      expect(await prisma().refreshToken.create({ data: token })).toMatchObject({ tokenVersion: 0 });
    });

    it('serves the relation both ways', async () => {
      await prisma().user.create({ data: fullUser });
      await prisma().refreshToken.create({ data: fullToken });
      const user = await prisma().user.findUniqueOrThrow({ where: { id: fullUser.id }, include: { refreshTokens: true } });
      expect(user.refreshTokens).toEqual([fullToken]);
      const token = await prisma().refreshToken.findUniqueOrThrow({ where: { id: fullToken.id }, include: { user: true } });
      expect(token.user).toEqual(fullUser);
    });

    it('writes and reads back every field of Product, Order and OrderLine', async () => {
      expect(Object.keys(fullProduct).sort()).toEqual(scalarFields(Prisma.ProductScalarFieldEnum));
      expect(Object.keys(fullOrder).sort()).toEqual(scalarFields(Prisma.OrderScalarFieldEnum));
      expect(Object.keys(fullLine).sort()).toEqual(scalarFields(Prisma.OrderLineScalarFieldEnum));
      await prisma().product.create({ data: fullProduct });
      await prisma().order.create({ data: fullOrder });
      await prisma().orderLine.create({ data: fullLine });
      expect(await prisma().product.findUniqueOrThrow({ where: { id: fullProduct.id } })).toEqual(fullProduct);
      const order = await prisma().order.findUniqueOrThrow({ where: { id: fullOrder.id }, include: { lines: { include: { product: true } } } });
      expect(order).toEqual({ ...fullOrder, lines: [{ ...fullLine, product: fullProduct }] });
    });

    it('defaults archived to false and status to PLACED, and allows many orders without an idempotency key', async () => {
      const { archived: _archived, ...product } = fullProduct;
      expect(await prisma().product.create({ data: product })).toMatchObject({ archived: false });
      const { status: _status, idempotencyKey: _key, ...order } = fullOrder;
      expect(await prisma().order.create({ data: order })).toMatchObject({ status: 'PLACED', idempotencyKey: null });
      await prisma().order.create({ data: { ...order, id: 'order-2' } });
      expect(await prisma().order.count({ where: { customerId: order.customerId, idempotencyKey: null } })).toBe(2);
    });

    it('refuses what the CHECK constraints forbid: stock below 0 or above 1,000,000, a price out of bounds, a line that does not add up', async () => {
      // SQLSTATE 23514, check_violation, as the driver adapter passes it on.
      const checkViolation = (constraint: string) => ({
        meta: { driverAdapterError: { cause: { code: '23514', message: expect.stringContaining(constraint) } } },
      });
      const product = () => prisma().product;
      await product().create({ data: { ...fullProduct, stock: 5 } });
      // The decrement a placement would make without its stock >= q condition.
      const where = { id: fullProduct.id };
      await expect(product().update({ where, data: { stock: { decrement: 6 } } })).rejects.toMatchObject(checkViolation('products_stock_check'));
      await expect(product().update({ where, data: { stock: 1_000_001 } })).rejects.toMatchObject(checkViolation('products_stock_check'));
      await expect(product().update({ where, data: { priceCents: -1 } })).rejects.toMatchObject(checkViolation('products_price_cents_check'));
      await expect(product().update({ where, data: { priceCents: 1_000_001 } })).rejects.toMatchObject(
        checkViolation('products_price_cents_check'),
      );
      expect(await product().findUniqueOrThrow({ where })).toMatchObject({ stock: 5, priceCents: 1_000_000 });
      await prisma().order.create({ data: fullOrder });
      await expect(prisma().orderLine.create({ data: { ...fullLine, totalCents: 1 } })).rejects.toMatchObject(
        checkViolation('order_lines_total_cents_check'),
      );
      await expect(prisma().orderLine.create({ data: { ...fullLine, quantity: 0, totalCents: 0 } })).rejects.toMatchObject(
        checkViolation('order_lines_quantity_check'),
      );
      expect(await prisma().orderLine.count()).toBe(0);
    });

    it('refuses a second order of one customer with the same idempotency key, and a line of an unknown product', async () => {
      await prisma().order.create({ data: fullOrder });
      await expect(prisma().order.create({ data: { ...fullOrder, id: 'order-2' } })).rejects.toMatchObject({ code: 'P2002' });
      await prisma().order.create({ data: { ...fullOrder, id: 'order-3', customerId: 'someone-else' } });
      await expect(prisma().orderLine.create({ data: { ...fullLine, productId: 'no-such-product' } })).rejects.toMatchObject({
        code: 'P2003',
      });
    });

    it('writes and reads back every field of OutboxEvent and SentMail, and defaults the lease and the sent time to NULL', async () => {
      const fullEvent = {
        id: 'event-1',
        type: 'order.status-changed',
        occurredAt: created,
        payload: { orderId: 'order-1', customerId: 'c-1', from: 'PLACED', to: 'PAID', nested: { list: [1, 'two', null] } },
        leasedUntil: updated,
        sentAt: new Date('2026-03-06T07:08:09.123Z'),
      };
      const fullMail = { eventId: fullEvent.id, messageId: '<evt-event-1@example.com>', sentAt: updated };
      expect(Object.keys(fullEvent).sort()).toEqual(scalarFields(Prisma.OutboxEventScalarFieldEnum));
      expect(Object.keys(fullMail).sort()).toEqual(scalarFields(Prisma.SentMailScalarFieldEnum));
      await prisma().outboxEvent.create({ data: fullEvent });
      await prisma().sentMail.create({ data: fullMail });
      expect(await prisma().outboxEvent.findUniqueOrThrow({ where: { id: fullEvent.id } })).toEqual(fullEvent);
      expect(await prisma().sentMail.findUniqueOrThrow({ where: { eventId: fullMail.eventId } })).toEqual(fullMail);
      const { leasedUntil: _lease, sentAt: _sent, ...fresh } = fullEvent;
      expect(await prisma().outboxEvent.create({ data: { ...fresh, id: 'event-2' } })).toMatchObject({ leasedUntil: null, sentAt: null });
      await expect(prisma().sentMail.create({ data: fullMail })).rejects.toMatchObject({ code: 'P2002' });
    });

    it('writes and reads back every field of SalesExport and SalesExportChunk, and deletes the chunks with their export', async () => {
      expect(Object.keys(fullExport).sort()).toEqual(scalarFields(Prisma.SalesExportScalarFieldEnum));
      expect(Object.keys(fullChunk).sort()).toEqual(scalarFields(Prisma.SalesExportChunkScalarFieldEnum));
      await prisma().salesExport.create({ data: fullExport });
      await prisma().salesExportChunk.create({ data: fullChunk });
      expect(await prisma().salesExport.findUniqueOrThrow({ where: { id: fullExport.id }, include: { chunks: true } })).toEqual({
        ...fullExport,
        chunks: [fullChunk],
      });
      const { status: _status, startedAt: _s, finishedAt: _f, requestedBy: _r, failureReason: _why, ...pending } = fullExport;
      expect(await prisma().salesExport.create({ data: { ...pending, id: 'export-2' } })).toMatchObject({
        status: 'PENDING',
        startedAt: null,
        finishedAt: null,
        requestedBy: null,
        failureReason: null,
      });
      await prisma().salesExport.delete({ where: { id: fullExport.id } });
      expect(await prisma().salesExportChunk.count()).toBe(0);
    });

    it("deletes a user's refresh tokens with the user (onDelete: Cascade)", async () => {
      await prisma().user.create({ data: fullUser });
      await prisma().refreshToken.create({ data: fullToken });
      await prisma().user.delete({ where: { id: fullUser.id } });
      expect(await prisma().refreshToken.count()).toBe(0);
    });
  },
  sqlStoreKinds,
);
