import type { CliCommand } from '../cli-command.js';
import { createProductCommand } from './create-product.js';
import { getProductCommand } from './get-product.js';
import { listProductsCommand } from './list-products.js';
import { restockProductCommand } from './restock-product.js';
import { updateProductCommand } from './update-product.js';

/** `products <command>`, in the order the help lists them. */
export const PRODUCT_COMMANDS: readonly CliCommand[] = [
  createProductCommand,
  listProductsCommand,
  getProductCommand,
  updateProductCommand,
  restockProductCommand,
];
