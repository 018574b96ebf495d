import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { UseCases } from '../../../core/use-cases.js';
import type { GraphqlContext } from '../context.js';
import { selectsField } from '../selected-fields.js';
import { ProductConnectionObject, toProductConnection } from './product-connection-object.js';
import { CreateProductInputObject, UpdateProductInputObject } from './product-inputs.js';
import { ProductObject, toProductObject } from './product-object.js';

/** Thin: read the arguments, call the use case with the caller, shape the answer. */
@Resolver(() => ProductObject)
export class ProductResolver {
  constructor(private readonly useCases: UseCases) {}

  @Query(() => ProductConnectionObject, {
    description: 'Products, oldest first (ties broken by id). Public. Archived ones only when asked for.',
  })
  async products(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('includeArchived', () => Boolean, { nullable: true, defaultValue: false }) includeArchived: boolean | null,
    @Ctx() context: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProductConnectionObject> {
    // An explicit null means the default (CONTRACT.md); the count is a second read, paid only when shown.
    const page = await this.useCases.listProducts.execute(
      { first: first ?? undefined, after, search: search ?? undefined, includeArchived: includeArchived ?? undefined },
      await context.actor(),
      { withTotal: selectsField(info, 'totalCount') },
    );
    return toProductConnection(page);
  }

  @Query(() => ProductObject, { nullable: true, description: 'A product by id, archived or not, or null. Public.' })
  async product(@Arg('id', () => ID) id: string): Promise<ProductObject | null> {
    const product = await this.useCases.getProduct.execute(id);
    return product ? toProductObject(product) : null;
  }

  @Mutation(() => ProductObject, { description: 'Adds a product. ADMIN only.' })
  async createProduct(
    @Arg('input', () => CreateProductInputObject) input: CreateProductInputObject,
    @Ctx() context: GraphqlContext,
  ): Promise<ProductObject> {
    const { sku, name, description, priceCents, stock } = input;
    const product = await this.useCases.createProduct.execute(
      { sku, name, description: description ?? undefined, priceCents, stock: stock ?? undefined },
      await context.actor(),
    );
    return toProductObject(product);
  }

  @Mutation(() => ProductObject, { description: 'Changes a product. ADMIN only.' })
  async updateProduct(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateProductInputObject) input: UpdateProductInputObject,
    @Ctx() context: GraphqlContext,
  ): Promise<ProductObject> {
    // Omitted fields are dropped; an explicit null is passed on, for the core to refuse.
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const product = await this.useCases.updateProduct.execute(id, changes, await context.actor());
    context.loaders.products.clear(product.id).prime(product.id, product);
    return toProductObject(product);
  }

  @Mutation(() => ProductObject, { description: "Adds units to a product's stock, atomically. ADMIN only." })
  async restockProduct(
    @Arg('id', () => ID) id: string,
    @Arg('quantity', () => Int) quantity: number,
    @Ctx() context: GraphqlContext,
  ): Promise<ProductObject> {
    const product = await this.useCases.restockProduct.execute(id, quantity, await context.actor());
    context.loaders.products.clear(product.id).prime(product.id, product);
    return toProductObject(product);
  }
}
