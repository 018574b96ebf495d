/** Where a keyset page starts: strictly after (or, for newest-first lists, before) this (createdAt, id) position. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

/** `first` of every list (CONTRACT.md, paging). */
export const PAGE_SIZE = { default: 20, max: 100 } as const;
