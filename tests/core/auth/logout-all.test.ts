import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { hashRefreshToken } from '../../../src/core/auth/sessions.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { PasswordHasher } from '../../../src/core/users/password-hasher.js';
import { ScryptPasswordHasher } from '../../../src/data/security/scrypt-password-hasher.js';
import { actorOf, createHarness, expectFailure, FAST_SCRYPT, type Harness, PASSWORD } from '../use-case-harness.js';

/** Two sessions of one user, the second one rotated once: every kind of earlier token. */
async function twoSessions(h: Harness) {
  const { user, actor, input, session } = await h.aSession();
  const other = await h.login.execute({ email: input.email, password: input.password });
  const rotated = await h.refreshSession.execute(other.refreshToken);
  return { user, actor, input, tokens: { access: [session.accessToken, rotated.accessToken], refresh: [session.refreshToken, rotated.refreshToken] } };
}

async function expectAllDead(h: Harness, tokens: { access: string[]; refresh: string[] }) {
  for (const token of tokens.access) await expectFailure(h.authenticate.execute(token), 'UNAUTHENTICATED');
  for (const token of tokens.refresh) await expectFailure(h.refreshSession.execute(token), 'UNAUTHENTICATED');
}

/** A hasher whose next password check, once done, waits until the test lets it return. */
class GatedHasher implements PasswordHasher {
  private readonly inner = new ScryptPasswordHasher(FAST_SCRYPT);
  private gate: { entered: () => void; released: Promise<void> } | undefined;

  /** `entered` resolves when the next check is waiting; `release` lets it return. */
  holdNextVerify(): { entered: Promise<void>; release: () => void } {
    let entered!: () => void;
    let release!: () => void;
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    this.gate = { entered, released: new Promise<void>((resolve) => (release = resolve)) };
    return { entered: enteredPromise, release };
  }

  hash(password: string): Promise<string> {
    return this.inner.hash(password);
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const matches = await this.inner.verify(password, hash);
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      gate.entered();
      await gate.released;
    }
    return matches;
  }
}

describe('logout everywhere', () => {
  it('refuses every earlier access and refresh token of the user at once, and returns its id', async () => {
    const h = createHarness();
    const { user, actor, tokens } = await twoSessions(h);
    for (const token of tokens.access) await expect(h.authenticate.execute(token)).resolves.toMatchObject({ user: { id: user.id } });
    // No clock movement at all: a token issued in the same instant as the logout dies too.
    expect(await h.logoutAll.execute(user.id, actor)).toBe(user.id);
    await expectAllDead(h, tokens);
  });

  it('lets the user log in again afterwards, with tokens that work', async () => {
    const h = createHarness();
    const { user, actor, input } = await h.aSession();
    await h.logoutAll.execute(user.id, actor);
    const fresh = await h.login.execute({ email: input.email, password: input.password });
    await expect(h.authenticate.execute(fresh.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
    const next = await h.refreshSession.execute(fresh.refreshToken);
    await expect(h.authenticate.execute(next.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('ends the sessions of the next logout everywhere too', async () => {
    const h = createHarness();
    const { user, actor, input } = await h.aSession();
    await h.logoutAll.execute(user.id, actor);
    const second = await h.login.execute({ email: input.email, password: input.password });
    await h.logoutAll.execute(user.id, actor);
    await expectAllDead(h, { access: [second.accessToken], refresh: [second.refreshToken] });
  });

  it('removes the refresh tokens of the user from the store', async () => {
    const h = createHarness();
    const { user, actor, tokens } = await twoSessions(h);
    await h.logoutAll.execute(user.id, actor);
    for (const token of tokens.refresh) expect(await h.store.refreshTokens.findByHash(hashRefreshToken(token))).toBeNull();
  });

  it("leaves other users' sessions alone", async () => {
    const h = createHarness();
    const { user, actor } = await h.aSession();
    const other = await h.aSession();
    await h.logoutAll.execute(user.id, actor);
    await expect(h.authenticate.execute(other.session.accessToken)).resolves.toMatchObject({ user: { id: other.user.id } });
    await expect(h.refreshSession.execute(other.session.refreshToken)).resolves.toMatchObject({ user: { id: other.user.id } });
  });

  it('changes none of the fields a client sees but updatedAt', async () => {
    const h = createHarness();
    const { user, actor } = await h.aSession();
    h.clock.advance(5000);
    await h.logoutAll.execute(user.id, actor);
    const { passwordHash: _hash, tokenVersion: _version, ...after } = (await h.store.users.findById(user.id))!;
    expect(after).toEqual({ ...user, updatedAt: h.clock.now() });
  });

  it('may be asked by an ADMIN or the operator for another user', async () => {
    const h = createHarness();
    const { actor: admin } = await h.aUser({ role: 'ADMIN' });
    for (const asker of [admin, OPERATOR]) {
      const { user, session } = await h.aSession();
      expect(await h.logoutAll.execute(user.id, asker)).toBe(user.id);
      await expectAllDead(h, { access: [session.accessToken], refresh: [session.refreshToken] });
    }
  });

  it('refuses another USER as FORBIDDEN and ends nothing', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    const { actor: stranger } = await h.aUser();
    await expectFailure(h.logoutAll.execute(user.id, stranger), 'FORBIDDEN');
    await expect(h.authenticate.execute(session.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('refuses an anonymous caller as UNAUTHENTICATED', async () => {
    const h = createHarness();
    const { user } = await h.aSession();
    await expectFailure(h.logoutAll.execute(user.id, null), 'UNAUTHENTICATED');
  });

  it.each([
    ['unknown', newId()],
    ['malformed', 'not-an-id'],
  ])('answers NOT_FOUND for an %s id, whoever asks', async (_, id) => {
    const h = createHarness();
    const { actor } = await h.aUser();
    await expectFailure(h.logoutAll.execute(id, OPERATOR), 'NOT_FOUND');
    await expectFailure(h.logoutAll.execute(id, actor), 'NOT_FOUND');
  });

  it('answers NOT_FOUND for a user deleted since its token was issued', async () => {
    const h = createHarness();
    const { user, actor } = await h.aSession();
    await h.deleteUser.execute(user.id, OPERATOR);
    await expectFailure(h.logoutAll.execute(user.id, actor), 'NOT_FOUND');
  });
});

describe('ending sessions while a login is under way', () => {
  // The login below has checked the password but not yet issued its tokens when the sessions end.
  // Its tokens carry the version it read with the password, so they are dead as soon as issued.
  async function loginInterruptedBy(end: (h: Harness, user: { id: string; role: 'USER' | 'ADMIN' }) => Promise<unknown>) {
    const hasher = new GatedHasher();
    const h = createHarness({ hasher });
    const { user, input } = await h.aUser();
    const gate = hasher.holdNextVerify();
    const login = h.login.execute({ email: input.email, password: PASSWORD });
    await gate.entered;
    await end(h, user);
    gate.release();
    return { h, user, input, session: await login };
  }

  it('a logout everywhere kills the tokens that login issues afterwards', async () => {
    const { h, session } = await loginInterruptedBy((h, user) => h.logoutAll.execute(user.id, actorOf(user)));
    await expectAllDead(h, { access: [session.accessToken], refresh: [session.refreshToken] });
  });

  it('a password change kills the tokens that a login checked against the old password issues afterwards', async () => {
    const { h, user, input, session } = await loginInterruptedBy((h, user) =>
      h.updateUser.execute(user.id, { password: 'a brand new passphrase' }, actorOf(user)),
    );
    await expectAllDead(h, { access: [session.accessToken], refresh: [session.refreshToken] });
    await expectFailure(h.login.execute({ email: input.email, password: PASSWORD }), 'UNAUTHENTICATED');
    const fresh = await h.login.execute({ email: input.email, password: 'a brand new passphrase' });
    await expect(h.authenticate.execute(fresh.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
  });
});
