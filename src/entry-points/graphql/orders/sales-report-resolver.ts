import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { UseCases } from '../../../core/use-cases.js';
import { ProductObject, toProductObject } from '../catalog/product-object.js';
import type { GraphqlContext } from '../context.js';
import { DateTimeScalar } from '../date-time-scalar.js';
import { loadReferencedProduct } from '../loaders.js';
import { ProductSalesObject, toProductSalesObject } from './product-sales-object.js';

/** The ADMIN's report; each row's product through the request's batched product reads. */
@Resolver(() => ProductSalesObject)
export class SalesReportResolver {
  constructor(private readonly useCases: UseCases) {}

  @Query(() => [ProductSalesObject], { description: 'Sales per product over [from, to), best-selling first. ADMIN only.' })
  async salesReport(
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar) to: Date,
    @Ctx() context: GraphqlContext,
  ): Promise<ProductSalesObject[]> {
    const rows = await this.useCases.salesReport.execute({ from, to }, await context.actor());
    return rows.map(toProductSalesObject);
  }

  @FieldResolver(() => ProductObject)
  async product(@Root() row: ProductSalesObject, @Ctx() context: GraphqlContext): Promise<ProductObject> {
    return toProductObject(await loadReferencedProduct(context.loaders, row.productId));
  }
}
