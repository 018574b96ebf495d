import { OPERATOR } from '../../../core/auth/actor.js';
import { ConflictError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import { DEMO_CATALOG } from './demo-catalog.js';

export interface SeedAdmin {
  email: string;
  password: string;
}

export type AdminOutcome = 'created' | 'existing, left unchanged' | 'not requested';

export interface SeedOutcome {
  productsCreated: number;
  /** Demo skus some product already had: those products are left as they are. */
  productsExisting: number;
  admin: AdminOutcome;
}

/** Names of the seeded administrator; its email and password come from whoever runs the seed. */
const ADMIN_NAME = { firstName: 'Shop', lastName: 'Admin' } as const;

/**
 * Fills a store with the demo catalog and, when asked, an ADMIN, through the
 * use cases as the operator: every rule applies as for any other client. It
 * is idempotent without reading first: a sku or an email that is already
 * taken is the core's CONFLICT, and that record is left alone (an existing
 * user keeps its role and password, so a seed can never take over or demote
 * an account). Any other failure stops the seed: what it created so far stays,
 * and a second run adds the rest.
 */
export async function seedDemoData(useCases: UseCases, admin: SeedAdmin | null): Promise<SeedOutcome> {
  let productsCreated = 0;
  let productsExisting = 0;
  for (const product of DEMO_CATALOG) {
    if (await created(() => useCases.createProduct.execute(product, OPERATOR))) productsCreated += 1;
    else productsExisting += 1;
  }
  let adminOutcome: AdminOutcome = 'not requested';
  if (admin) {
    const made = await created(() => useCases.createUser.execute({ ...admin, ...ADMIN_NAME, role: 'ADMIN' }, OPERATOR));
    adminOutcome = made ? 'created' : 'existing, left unchanged';
  }
  return { productsCreated, productsExisting, admin: adminOutcome };
}

/** True when `create` made the record, false when the core answered CONFLICT (it exists). */
async function created(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}
