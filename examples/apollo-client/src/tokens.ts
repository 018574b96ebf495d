/** The pair `login` and `refreshToken` return. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * Where the client keeps the caller's tokens. The example keeps them in
 * memory: nothing lands in localStorage, which every script on the page can
 * read, and the session ends with the tab. Implement this interface over
 * sessionStorage or a native keychain if a session must survive a reload.
 */
export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

export function memoryTokenStore(): TokenStore {
  let tokens: Tokens | null = null;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next;
    },
  };
}
