/** Whom an access token was issued to, and under which of the user's token versions. */
export interface AccessTokenSubject {
  userId: string;
  tokenVersion: number;
}

/** Short-lived signed access tokens. The jose adapter lives in data/security. */
export interface AccessTokens {
  issue(subject: AccessTokenSubject): Promise<{ token: string; expiresIn: number }>;
  /** What the token was issued for; throws UnauthenticatedError for any bad token. */
  verify(token: string): Promise<AccessTokenSubject>;
}
