import type { Actor } from '../auth/actor.js';
import { domainEvent } from '../events/domain-event.js';
import type { Clock } from '../shared/clock.js';
import { ValidationError } from '../shared/errors.js';
import type { Product } from './product.js';
import { productNotFound, requireCatalogManager, requireProductId } from './product-access.js';
import type { ProductRepository } from './product-repository.js';
import { checkRestockQuantity, PRODUCT_LIMITS } from './product-rules.js';

export class RestockProduct {
  constructor(private readonly deps: { products: ProductRepository; clock: Clock }) {}

  /**
   * ADMIN or operator: adds 1 to 1,000,000 units atomically (two racing
   * restocks both count). One that would take the stock past 1,000,000 is
   * BAD_USER_INPUT on `quantity` and changes nothing.
   */
  async execute(id: string, quantity: number, actor: Actor | null): Promise<Product> {
    requireCatalogManager(actor);
    requireProductId(id);
    const checked = checkRestockQuantity(quantity);
    if ('error' in checked) throw new ValidationError([{ field: 'quantity', message: checked.error }]);
    const at = this.deps.clock();
    const event = domainEvent('product.changed', { productId: id, change: 'restocked' }, at);
    const outcome = await this.deps.products.restock(id, checked.value, at, [event]);
    switch (outcome.kind) {
      case 'restocked':
        return outcome.product;
      case 'not-found':
        throw productNotFound();
      case 'over-limit':
        throw new ValidationError([
          {
            field: 'quantity',
            message: `would take the stock past ${PRODUCT_LIMITS.stockMax.toLocaleString('en-US')} (it holds ${outcome.product.stock})`,
          },
        ]);
    }
  }
}
