/**
 * Probes: the FerretDB 1.x behaviours the orders adapter relies on, each shown
 * on the server under test (they hold on MongoDB by its documentation). What
 * the adapter avoids (transactions, $pull, positional $, arrayFilters,
 * $lookup, arithmetic expressions) is not probed here; atomic updates are not
 * relied on at all (update-atomicity.test.ts shows FerretDB loses them).
 */
import { randomBytes } from 'node:crypto';
import type { Document } from 'mongodb';
import { expect, it } from 'vitest';
import { isDuplicateKey } from '../../../src/data/mongo/duplicate-key.js';
import { asMongoFixture, mongoStore } from '../../support/mongo-stores.js';
import { describeEachStore } from '../../support/stores.js';

type Probe = Document & { _id: string };

describeEachStore(
  'what the orders adapter relies on in the MongoDB server under test',
  (fixture) => {
    const db = () => asMongoFixture(fixture()).db;
    const isFerretDb = async () => typeof (await db().admin().command({ buildInfo: 1 })).ferretdbVersion === 'string';
    const probe = (name: string) => db().collection<Probe>(`probe_${name}_${randomBytes(3).toString('hex')}`);

    it('admits one of 20 racing inserts of one computed idempotency value, round after round, and reports the rest as duplicates', async () => {
      const orders = probe('idem');
      await orders.createIndexes([{ key: { idem: 1 }, name: 'idem_unique', unique: true }]);
      for (let round = 0; round < 10; round++) {
        const idem = `key:${JSON.stringify([`customer-${round}`, 'same key'])}`;
        const won = await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            try {
              await orders.insertOne({ _id: `${round}-${i}`, idem });
              return true;
            } catch (error) {
              if (isDuplicateKey(error)) return false;
              throw error;
            }
          }),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
        expect(await orders.countDocuments({ idem })).toBe(1);
      }
    });

    it('sets, finds by $exists and unsets one dotted field of a map, and unsets the whole map', async () => {
      const products = probe('marks');
      await products.insertOne({ _id: 'p', stock: 10 });
      await products.updateOne({ _id: 'p' }, { $inc: { stock: -3 }, $set: { 'reservations.a%2Eb-1': 3 } });
      await products.updateOne({ _id: 'p' }, { $inc: { stock: -2 }, $set: { 'reservations.c-2': 2 } });
      expect(await products.findOne({ _id: 'p' })).toEqual({ _id: 'p', stock: 5, reservations: { 'a%2Eb-1': 3, 'c-2': 2 } });
      expect(await products.countDocuments({ 'reservations.c-2': { $exists: true } })).toBe(1);
      expect(await products.countDocuments({ 'reservations.zzz': { $exists: false } })).toBe(1);
      // The reservation's filter: a conditional update that must not match when the marker is there.
      const repeated = await products.updateOne(
        { _id: 'p', stock: { $gte: 1 }, 'reservations.c-2': { $exists: false } },
        { $inc: { stock: -1 }, $set: { 'reservations.c-2': 1 } },
      );
      expect(repeated.matchedCount).toBe(0);
      await products.updateOne({ _id: 'p' }, { $inc: { stock: 2 }, $unset: { 'reservations.c-2': '' } });
      expect(await products.findOne({ _id: 'p' })).toEqual({ _id: 'p', stock: 7, reservations: { 'a%2Eb-1': 3 } });
      await products.updateOne({ _id: 'p' }, { $unset: { reservations: '' } });
      expect(await products.findOne({ _id: 'p' })).toEqual({ _id: 'p', stock: 7 });
      expect(await products.countDocuments({ $or: [{ reservations: { $exists: true } }, { returns: { $exists: true } }] })).toBe(0);
    });

    it('leaves excluded fields out of a find projection (findOneAndUpdate takes none on FerretDB 1.24)', async () => {
      const products = probe('projection');
      await products.insertOne({ _id: 'p', name: 'x', reservations: { a: 1 }, returns: { b: 2 } });
      expect(await products.findOne({ _id: 'p' }, { projection: { reservations: 0, returns: 0 } })).toEqual({ _id: 'p', name: 'x' });
      // Asked first: a rejection must have its handler attached before it settles, or it is unhandled.
      const ferret = await isFerretDb();
      const withProjection = products.findOneAndUpdate({ _id: 'p' }, { $set: { name: 'y' } }, { returnDocument: 'after', projection: { returns: 0 } });
      if (ferret) await expect(withProjection).rejects.toThrow(/not implemented/);
      else expect(await withProjection).toEqual({ _id: 'p', name: 'y', reservations: { a: 1 } });
    });

    it('matches an escaped literal substring case-insensitively with $regex', async () => {
      const products = probe('regex');
      await products.insertMany([
        { _id: '1', name: 'Big (50%) Sale*' },
        { _id: '2', name: 'big 50 sale' },
        { _id: '3', name: 'Other' },
      ]);
      const escaped = '(50%) sale*'.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const found = await products.find({ name: { $regex: escaped, $options: 'i' } }).toArray();
      expect(found.map((doc) => doc._id)).toEqual(['1']);
    });

    it('groups unwound lines with $match, $unwind and $group with ONE accumulator ($sum of a field, $sum of 1)', async () => {
      const orders = probe('report');
      const t = (day: number) => new Date(Date.UTC(2026, 0, day));
      await orders.insertMany([
        { _id: 'o1', placement: 'settled', status: 'PLACED', createdAt: t(1), lines: [{ productId: 'a', quantity: 2, totalCents: 200 }, { productId: 'b', quantity: 1, totalCents: 500 }] },
        { _id: 'o2', placement: 'settled', status: 'PAID', createdAt: t(2), lines: [{ productId: 'a', quantity: 3, totalCents: 300 }] },
        { _id: 'o3', placement: 'settled', status: 'CANCELLED', createdAt: t(2), lines: [{ productId: 'a', quantity: 9, totalCents: 900 }] },
        { _id: 'o4', placement: 'pending', createdAt: t(2), lines: [{ productId: 'a', quantity: 9 }] },
        { _id: 'o5', placement: 'settled', status: 'PLACED', createdAt: t(5), lines: [{ productId: 'c', quantity: 1, totalCents: 500 }] },
        { _id: 'o6', placement: 'settled', status: 'PLACED', createdAt: t(3), lines: [{ productId: 'd', quantity: 5, totalCents: 500 }] },
      ]);
      const match = { $match: { placement: 'settled', status: { $ne: 'CANCELLED' }, createdAt: { $gte: t(1), $lt: t(5) } } };
      const sum = async (of: string | 1) =>
        (await orders.aggregate([match, { $unwind: '$lines' }, { $group: { _id: '$lines.productId', v: { $sum: of } } }, { $sort: { _id: 1 } }]).toArray()).map(
          (row) => [row._id, row.v],
        );
      expect(await sum('$lines.quantity')).toEqual([['a', 5], ['b', 1], ['d', 5]]);
      expect(await sum('$lines.totalCents')).toEqual([['a', 500], ['b', 500], ['d', 500]]);
      expect(await sum(1)).toEqual([['a', 2], ['b', 1], ['d', 1]]);

      // Why the adapter runs one pipeline per figure: FerretDB 1.24 computes the first accumulator only.
      const together = await orders
        .aggregate([match, { $unwind: '$lines' }, { $group: { _id: '$lines.productId', u: { $sum: '$lines.quantity' }, n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
        .toArray();
      const counts = together.map((row) => row.n);
      expect(counts).toEqual((await isFerretDb()) ? [0, 0, 0] : [2, 1, 1]);
    });
  },
  [mongoStore],
);
