/**
 * The users every scenario starts from, made through the use cases as the
 * operator (as `users create` makes the first administrator). Seeding steps a
 * fake clock one second per user, starting a minute in the past, so the list
 * order is fixed on every run and every store, and anything a scenario creates
 * or changes afterwards is visibly later.
 */
import { type Actor, OPERATOR } from '../../src/core/auth/actor.js';
import type { Store } from '../../src/core/store.js';
import { createUseCases } from '../../src/core/use-cases.js';
import type { PasswordHasher } from '../../src/core/users/password-hasher.js';
import { JoseAccessTokens } from '../../src/data/security/jose-access-tokens.js';
import { fastHasher } from '../support/test-server.js';
import type { Caller } from './drivers/driver.js';

export const PASSWORD = 'correct horse battery staple';

/** In list order (oldest first). */
export const PEOPLE = {
  ada: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', role: 'USER' },
  grace: { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', role: 'USER' },
  alan: { email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing', role: 'USER' },
  barbara: { email: 'barbara@example.com', firstName: 'Barbara', lastName: 'Liskov', role: 'USER' },
  root: { email: 'root@example.com', firstName: 'Root', lastName: 'Admin', role: 'ADMIN' },
} as const;

export type Person = keyof typeof PEOPLE;

/** The catalog of the catalog scenarios, in list order (oldest first); the radio is archived. */
export const PRODUCTS = {
  lamp: { sku: 'LAMP-01', name: 'Desk lamp', description: 'LED, dimmable', priceCents: 4990, stock: 5 },
  mug: { sku: 'MUG-01', name: 'Coffee mug', description: '', priceCents: 1250, stock: 2 },
  pen: { sku: 'PEN-01', name: 'Ballpoint pen', description: 'Blue ink', priceCents: 150, stock: 100 },
  radio: { sku: 'RADIO-01', name: 'Old radio', description: 'Valves', priceCents: 9900, stock: 3 },
} as const;

export type ProductName = keyof typeof PRODUCTS;

/** The orders placed before a catalog scenario starts (oldest first), each by its customer. */
export const ORDERS = {
  adasOrder: { customer: 'ada', lines: [{ product: 'lamp', quantity: 1 }, { product: 'pen', quantity: 2 }] },
  gracesOrder: { customer: 'grace', lines: [{ product: 'pen', quantity: 10 }] },
} as const satisfies Record<string, { customer: Person; lines: readonly { product: ProductName; quantity: number }[] }>;

export type OrderName = keyof typeof ORDERS;

export interface World {
  /** The id each person got in this run. */
  ids: Record<Person, string>;
  /** The id each product and order got, when the catalog was seeded. */
  catalog: Partial<Record<ProductName | OrderName, string>>;
  /** When seeding began: every seeded record is later. */
  seededFrom: Date;
}

/**
 * Every seeded person has the same password, and a world is seeded for each
 * transport of each scenario: hashing it once (a real scrypt hash, which the
 * server's login verifies) keeps seeding to the cost of the inserts.
 */
let passwordHash: Promise<string> | undefined;
const seedHasher: PasswordHasher = {
  hash: (password) => (password === PASSWORD ? (passwordHash ??= fastHasher.hash(PASSWORD)) : fastHasher.hash(password)),
  verify: (password, hash) => fastHasher.verify(password, hash),
};

export async function seedWorld(store: Store, options: { catalog?: boolean } = {}): Promise<World> {
  const seededFrom = new Date(Date.now() - 60_000);
  let tick = seededFrom.getTime();
  const useCases = createUseCases({
    store,
    hasher: seedHasher,
    accessTokens: new JoseAccessTokens('parity-seed-secret-of-at-least-32-bytes', 60),
    clock: () => new Date((tick += 1_000)),
    refreshTokenTtl: 60,
  });
  const ids = {} as Record<Person, string>;
  for (const [person, { role, ...fields }] of Object.entries(PEOPLE)) {
    const user = await useCases.createUser.execute({ ...fields, password: PASSWORD, role }, OPERATOR);
    ids[person as Person] = user.id;
  }
  const catalog: World['catalog'] = {};
  if (options.catalog) {
    for (const [name, product] of Object.entries(PRODUCTS)) {
      catalog[name as ProductName] = (await useCases.createProduct.execute(product, OPERATOR)).id;
    }
    await useCases.updateProduct.execute(catalog.radio!, { archived: true }, OPERATOR);
    for (const [name, order] of Object.entries(ORDERS)) {
      const customer: Actor = { kind: 'user', id: ids[order.customer], role: 'USER' };
      const lines = order.lines.map((line) => ({ productId: catalog[line.product]!, quantity: line.quantity }));
      catalog[name as OrderName] = (await useCases.placeOrder.execute({ lines }, customer)).order.id;
    }
  }
  return { ids, catalog, seededFrom };
}

/** Callers by person, for the scenario table. */
export const as = {
  /** This USER in particular (whose own user it is matters). */
  user: (person: Person): Caller => ({ kind: 'user', email: PEOPLE[person].email, password: PASSWORD }),
  /** An ADMIN; the CLI's operator has these rights. */
  admin: (person: Person): Caller => ({ kind: 'admin', email: PEOPLE[person].email, password: PASSWORD }),
  /** Whoever is signed in: what the request asks only needs authentication. */
  signedIn: (person: Person): Caller => ({ kind: 'signed-in', email: PEOPLE[person].email, password: PASSWORD }),
  anonymous: { kind: 'anonymous' } as Caller,
};
