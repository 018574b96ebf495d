/** The GraphQL documents `npm run bench:load` drives, shared by the raw baseline and the driver. */
export const BENCH_DOCUMENTS = {
  user: 'query User($id: ID!) { user(id: $id) { id email firstName lastName role createdAt updatedAt } }',
  users:
    'query Users($first: Int) { users(first: $first) { edges { cursor node { id email firstName lastName role createdAt updatedAt } } pageInfo { hasNextPage endCursor } } }',
} as const;
