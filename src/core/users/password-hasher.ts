/** A slow, salted one-way hash. The scrypt adapter lives in data/security. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}
