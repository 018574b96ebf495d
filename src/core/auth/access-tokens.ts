/** Short-lived signed access tokens. The jose adapter lives in data/security. */
export interface AccessTokens {
  issue(userId: string): Promise<{ token: string; expiresIn: number }>;
  /** The user id the token was issued to; throws UnauthenticatedError for any bad token. */
  verify(token: string): Promise<string>;
}
