import type { Actor } from '../auth/actor.js';
import { domainEvent } from '../events/domain-event.js';
import type { Clock } from '../shared/clock.js';
import { ValidationError } from '../shared/errors.js';
import { checkBoolean, givenFields, isRecord, rejectUnknownFields, validateFields } from '../shared/validation.js';
import type { Product } from './product.js';
import { productNotFound, requireCatalogManager, requireProductId } from './product-access.js';
import type { ProductChanges, ProductRepository } from './product-repository.js';
import { checkDescription, checkPriceCents, checkProductName, checkSku } from './product-rules.js';

/** Only the fields given change. Stock is not among them: restocks and orders change it. */
export interface UpdateProductInput {
  sku?: string;
  name?: string;
  description?: string;
  priceCents?: number;
  archived?: boolean;
}

const CHECKS = { sku: checkSku, name: checkProductName, description: checkDescription, priceCents: checkPriceCents, archived: checkBoolean };

export class UpdateProduct {
  constructor(private readonly deps: { products: ProductRepository; clock: Clock }) {}

  /** ADMIN or operator; at least one field. Throws NotFoundError, ValidationError, ForbiddenError, ConflictError (taken sku). */
  async execute(id: string, changes: UpdateProductInput, actor: Actor | null): Promise<Product> {
    requireCatalogManager(actor);
    requireProductId(id);
    if (!isRecord(changes)) throw new ValidationError([], 'Input must be an object');
    rejectUnknownFields(changes, Object.keys(CHECKS));
    const given = givenFields(changes);
    if (given.length === 0) throw new ValidationError([{ field: 'input', message: 'must change at least one field' }]);
    const checks = Object.fromEntries(given.map((key) => [key, CHECKS[key as keyof typeof CHECKS]]));
    const valid = validateFields<UpdateProductInput>(changes as Record<string, unknown>, checks as never);
    const update: ProductChanges = { ...valid, updatedAt: this.deps.clock() };
    const event = domainEvent('product.changed', { productId: id, change: 'updated' }, update.updatedAt);
    const product = await this.deps.products.update(id, update, [event]);
    if (!product) throw productNotFound();
    return product;
  }
}
