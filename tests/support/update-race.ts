import { randomBytes } from 'node:crypto';
import type { Collection, Db, Document } from 'mongodb';
import { isDuplicateKey } from '../../src/data/mongo/duplicate-key.js';

/**
 * Races concurrent writes at one document, round after round, and counts the
 * acknowledged effects the final document does not show. MongoDB makes every
 * single-document write atomic; a server that runs an update as read-then-write
 * (FerretDB 1.x on SQLite) loses some of them. Used by
 * tests/data/mongo/update-atomicity.test.ts to tell which shapes a server keeps.
 */

// Free-form documents: each shape stores its own fields.
type ProbeDocument = Document & { _id: string };
export type ProbeCollection = Collection<ProbeDocument>;

export interface RaceShape<R = unknown> {
  readonly name: string;
  /** Runs once before the rounds, on the shape's own (empty) collection: indexes it needs. */
  prepare?(collection: ProbeCollection): Promise<void>;
  /** Writes the round's fresh document under `id`. */
  seed(collection: ProbeCollection, id: string, racers: number): Promise<void>;
  /** The i-th of the racing operations; its result is what the server acknowledged. */
  race(collection: ProbeCollection, id: string, i: number): Promise<R>;
  /** Acknowledged effects missing from the final document (0 when the server kept every one). */
  lost(collection: ProbeCollection, id: string, results: R[], racers: number): Promise<number>;
}

const slug = (name: string) => name.replace(/\W+/g, '_').replace(/^_|_$/g, '');

export interface RaceOutcome {
  readonly shape: string;
  readonly rounds: number;
  readonly racers: number;
  /** Rounds in which at least one acknowledged effect was lost. */
  readonly roundsWithLoss: number;
  /** Acknowledged effects lost over all rounds. */
  readonly lost: number;
}

/**
 * Runs `shape` in its own collection of `db` for `rounds` rounds of `racers`
 * concurrent operations, each round on a fresh document.
 */
export async function raceRounds<R>(
  db: Db,
  shape: RaceShape<R>,
  { rounds, racers }: { rounds: number; racers: number },
): Promise<RaceOutcome> {
  const collection = db.collection<ProbeDocument>(`race_${slug(shape.name)}`);
  await shape.prepare?.(collection);
  let roundsWithLoss = 0;
  let lost = 0;
  for (let round = 0; round < rounds; round++) {
    const id = `${round}-${randomBytes(4).toString('hex')}`;
    await shape.seed(collection, id, racers);
    const results = await Promise.all(Array.from({ length: racers }, (_, i) => shape.race(collection, id, i)));
    const missing = await shape.lost(collection, id, results, racers);
    if (missing > 0) roundsWithLoss += 1;
    lost += missing;
  }
  return { shape: shape.name, rounds, racers, roundsWithLoss, lost };
}

const field = (i: number) => `f${i}`;
const current = async (collection: ProbeCollection, id: string): Promise<Document> => (await collection.findOne({ _id: id })) ?? { _id: id };
const counter = (doc: Document, name: string): number => (typeof doc[name] === 'number' ? doc[name] : 0);

/** `$set` of a different field by each racer: every field must be there afterwards. */
export const setDifferentFields: RaceShape<number> = {
  name: 'updateOne $set of different fields',
  seed: async (c, id) => void (await c.insertOne({ _id: id })),
  race: async (c, id, i) => (await c.updateOne({ _id: id }, { $set: { [field(i)]: i } })).modifiedCount,
  async lost(c, id, _results, racers) {
    const doc = await current(c, id);
    return Array.from({ length: racers }, (_, i) => field(i)).filter((name) => doc[name] === undefined).length;
  },
};

/** The user repository's shape: findOneAndUpdate with `$set` of a different field by each racer. */
export const findOneAndSetDifferentFields: RaceShape<unknown> = {
  name: 'findOneAndUpdate $set of different fields',
  seed: setDifferentFields.seed,
  race: (c, id, i) => c.findOneAndUpdate({ _id: id }, { $set: { [field(i)]: i } }, { returnDocument: 'after' }),
  lost: setDifferentFields.lost,
};

/** `$inc` by one from every racer: the counter must reach the number of acknowledged increments. */
export const incrementAlone: RaceShape<number> = {
  name: 'updateOne $inc',
  seed: async (c, id) => void (await c.insertOne({ _id: id, n: 0 })),
  race: async (c, id) => (await c.updateOne({ _id: id }, { $inc: { n: 1 } })).modifiedCount,
  async lost(c, id, results) {
    const acknowledged = results.reduce((sum, modified) => sum + modified, 0);
    return Math.max(0, acknowledged - counter(await current(c, id), 'n'));
  },
};

/**
 * `findOneAndUpdate` with `$inc`: besides the final count, each racer must
 * have seen its own value (a repeated "after" value is an increment lost).
 */
export const findOneAndIncrement: RaceShape<number> = {
  name: 'findOneAndUpdate $inc',
  seed: incrementAlone.seed,
  race: async (c, id) => counter((await c.findOneAndUpdate({ _id: id }, { $inc: { n: 1 } }, { returnDocument: 'after' })) ?? {}, 'n'),
  async lost(c, id, seen, racers) {
    const final = counter(await current(c, id), 'n');
    return Math.max(racers - final, racers - new Set(seen).size);
  },
};

/**
 * The orders shape: a conditional decrement, `{stock: {$gte: 1}}` then
 * `$inc: {stock: -1}`, by twice as many racers as there is stock. Lost: an
 * acknowledged decrement the stock does not show, or one beyond the stock (oversold).
 */
export const conditionalDecrement: RaceShape<number> = {
  name: 'updateOne {stock: {$gte: q}} $inc -q',
  seed: async (c, id, racers) => void (await c.insertOne({ _id: id, stock: Math.floor(racers / 2) })),
  race: async (c, id) => (await c.updateOne({ _id: id, stock: { $gte: 1 } }, { $inc: { stock: -1 } })).modifiedCount,
  async lost(c, id, results, racers) {
    const initial = Math.floor(racers / 2);
    const sold = results.reduce((sum, modified) => sum + modified, 0);
    const shown = initial - counter(await current(c, id), 'stock');
    return Math.max(0, sold - shown) + Math.max(0, sold - initial);
  },
};

/** Compare-and-set, `{owner: null}` then `$set: {owner: i}`: exactly one racer may win. */
export const compareAndSet: RaceShape<number> = {
  name: 'updateOne {owner: null} $set owner',
  seed: async (c, id) => void (await c.insertOne({ _id: id, owner: null })),
  race: async (c, id, i) => (await c.updateOne({ _id: id, owner: null }, { $set: { owner: i } })).modifiedCount,
  lost: async (_c, _id, results) => Math.max(0, results.reduce((sum, modified) => sum + modified, 0) - 1),
};

/** Inserts of one `_id` by every racer: exactly one may succeed, the rest must see a duplicate key. */
export const insertSameId: RaceShape<boolean> = {
  name: 'insertOne of one _id',
  seed: async () => {},
  async race(c, id, i) {
    try {
      await c.insertOne({ _id: id, by: i });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  },
  async lost(c, id, won) {
    const stored = await c.countDocuments({ _id: id });
    return Math.max(0, won.filter(Boolean).length - 1) + Math.abs(stored - 1);
  },
};

/** Inserts of one value of a unique secondary index: exactly one may succeed. */
export const insertSameUniqueKey: RaceShape<boolean> = {
  name: 'insertOne of one unique-index key',
  prepare: async (c) => void (await c.createIndexes([{ key: { key: 1 }, name: 'key_unique', unique: true }])),
  seed: async () => {},
  async race(c, key, i) {
    try {
      await c.insertOne({ _id: `${key}-${i}`, key });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  },
  async lost(c, key, won) {
    const stored = await c.countDocuments({ key });
    return Math.max(0, won.filter(Boolean).length - 1) + Math.abs(stored - 1);
  },
};

/** The update shapes the stores (users, refresh tokens) and the orders rely on, in the report's order. */
export const UPDATE_SHAPES: readonly RaceShape[] = [
  setDifferentFields,
  findOneAndSetDifferentFields,
  incrementAlone,
  findOneAndIncrement,
  conditionalDecrement,
  compareAndSet,
] as RaceShape[];

/** The unique-key inserts the locks and revocations rely on. */
export const INSERT_SHAPES: readonly RaceShape[] = [insertSameId, insertSameUniqueKey] as RaceShape[];
