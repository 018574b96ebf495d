/** Where a keyset page starts: strictly after (or, for newest-first lists, before) this (createdAt, id) position. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}
