import type { Actor } from '../auth/actor.js';
import { domainEvent } from '../events/domain-event.js';
import type { Clock } from '../shared/clock.js';
import { ValidationError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { isRecord, rejectUnknownFields, validateFields } from '../shared/validation.js';
import type { Product } from './product.js';
import { requireCatalogManager } from './product-access.js';
import type { ProductRepository } from './product-repository.js';
import { checkDescription, checkPriceCents, checkProductName, checkSku, checkStock } from './product-rules.js';

export interface CreateProductInput {
  sku: string;
  name: string;
  /** "" when omitted. */
  description?: string;
  priceCents: number;
  /** 0 when omitted; afterwards changed only by restocks and orders. */
  stock?: number;
}

const CHECKS = { sku: checkSku, name: checkProductName, description: checkDescription, priceCents: checkPriceCents, stock: checkStock };

export class CreateProduct {
  constructor(private readonly deps: { products: ProductRepository; clock: Clock }) {}

  /** ADMIN or operator. Throws ValidationError, ForbiddenError, or ConflictError when the sku is taken. */
  async execute(input: CreateProductInput, actor: Actor | null): Promise<Product> {
    requireCatalogManager(actor);
    if (!isRecord(input)) throw new ValidationError([], 'Input must be an object');
    rejectUnknownFields(input, Object.keys(CHECKS));
    const valid = validateFields<Required<CreateProductInput>>(
      { ...input, description: input.description ?? '', stock: input.stock ?? 0 },
      CHECKS,
    );
    const now = this.deps.clock();
    const product: Product = { id: newId(now), ...valid, archived: false, createdAt: now, updatedAt: now };
    await this.deps.products.insert(product, [domainEvent('product.changed', { productId: product.id, change: 'created' }, now)]);
    return product;
  }
}
