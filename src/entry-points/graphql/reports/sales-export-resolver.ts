import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { UseCases } from '../../../core/use-cases.js';
import type { GraphqlContext } from '../context.js';
import { DateTimeScalar } from '../date-time-scalar.js';
import { SalesExportObject, toSalesExportObject } from './sales-export-object.js';

/** Thin: read the arguments, call the use case with the caller, shape the answer. The CSV itself is served over REST. */
@Resolver(() => SalesExportObject)
export class SalesExportResolver {
  constructor(private readonly useCases: UseCases) {}

  @Query(() => SalesExportObject, { nullable: true, description: 'An export by id, or null. ADMIN only.' })
  async salesExport(@Arg('id', () => ID) id: string, @Ctx() context: GraphqlContext): Promise<SalesExportObject | null> {
    const salesExport = await this.useCases.getSalesExport.execute(id, await context.actor());
    return salesExport ? toSalesExportObject(salesExport) : null;
  }

  @Mutation(() => SalesExportObject, {
    description: 'Asks for a CSV of the sales report over [from, to) (same rules as salesReport). ADMIN only.',
  })
  async requestSalesExport(
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar) to: Date,
    @Ctx() context: GraphqlContext,
  ): Promise<SalesExportObject> {
    return toSalesExportObject(await this.useCases.requestSalesExport.execute({ from, to }, await context.actor()));
  }
}
