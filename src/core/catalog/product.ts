/** A product of the catalog (CONTRACT.md, "Catalog and orders"). Money is integer cents. */
export interface Product {
  id: string;
  /** Trimmed, upper-cased, unique across products. */
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  /** Units that can still be ordered; never below 0 nor above STOCK_MAX. */
  stock: number;
  /** Archived products stay readable but cannot be ordered. */
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Highest stock a product may hold (also the highest single restock). */
export const STOCK_MAX = 1_000_000;
