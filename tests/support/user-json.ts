/** A user as REST sends it (CONTRACT.md): exactly the GraphQL User fields, dates as ISO-8601 strings. */
export interface UserJson {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'USER' | 'ADMIN';
  createdAt: string;
  updatedAt: string;
}
