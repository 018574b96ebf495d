/**
 * The mail an event calls for, sent through the development transport (the
 * product's file mailer, into a temporary directory) and read back as the
 * recipient's client would parse it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { domainEvent } from '../../../src/core/events/domain-event.js';
import { createFileMailer } from '../../../src/data/mail/file-mailer.js';
import { createHarness, type Harness, PASSWORD } from '../use-case-harness.js';

let dir: string;
let h: Harness;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'event-mail-'));
  h = createHarness({ mail: { mailer: createFileMailer({ directory: dir, from: 'Shop <shop@example.com>' }), domain: 'example.com' } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = () => readdirSync(dir).filter((name) => name.endsWith('.eml'));
const read = (path: string) => simpleParser(readFileSync(path));
const send = (event: Parameters<NonNullable<Harness['sendEventMail']>['execute']>[0]) => h.sendEventMail!.execute(event);

describe('SendEventMail', () => {
  it('sends the welcome email for user.registered, with the Message-ID derived from the event', async () => {
    const { user, input } = await h.aUser();
    const [event] = await h.takeEvents();
    const outcome = await send(event!);
    expect(outcome).toMatchObject({ kind: 'sent', to: input.email, messageId: `<evt-${event!.id}@example.com>` });
    const mail = await read((outcome as { path: string }).path);
    expect(mail.to).toMatchObject({ value: [{ address: input.email }] });
    expect(mail.messageId).toBe(`<evt-${event!.id}@example.com>`);
    expect(mail.text).toContain(user.firstName);
    expect(readFileSync((outcome as { path: string }).path, 'utf8')).not.toContain(PASSWORD);
  });

  it('sends an event’s message once: a second run answers already-sent and writes nothing', async () => {
    await h.aUser();
    const [event] = await h.takeEvents();
    expect((await send(event!)).kind).toBe('sent');
    expect(await send(event!)).toEqual({ kind: 'already-sent' });
    expect(files()).toHaveLength(1);
  });

  it('sends the confirmation for order.placed, naming the products, and the notices for status changes', async () => {
    const { actor, input } = await h.aUser();
    const product = await h.aProduct({ name: 'Copper kettle' });
    const order = await h.anOrder(actor, [{ productId: product.id, quantity: 2 }]);
    await h.setOrderStatus.execute(order.id, 'PAID', OPERATOR);
    await h.cancelOrder.execute(order.id, actor);
    const events = await h.takeEvents();
    const outcomes = [];
    for (const event of events) outcomes.push({ type: event.type, outcome: await send(event) });
    const sent = outcomes.filter(({ outcome }) => outcome.kind === 'sent');
    expect(sent.map(({ type }) => type).sort()).toEqual(['order.cancelled', 'order.placed', 'order.status-changed', 'user.registered']);
    for (const { outcome } of sent) expect(outcome).toMatchObject({ to: input.email });
    const confirmation = sent.find(({ type }) => type === 'order.placed')!.outcome as { path: string };
    expect((await read(confirmation.path)).text).toContain('Copper kettle');
    expect(outcomes.filter(({ type }) => type === 'product.changed').map(({ outcome }) => outcome)).toEqual(
      Array(3).fill({ kind: 'nothing-to-send' }),
    );
  });

  it('sends nothing for a user deleted before the worker got to the event', async () => {
    const { user } = await h.aUser();
    const [event] = await h.takeEvents();
    await h.deleteUser.execute(user.id, OPERATOR);
    expect(await send(event!)).toEqual({ kind: 'nothing-to-send' });
    expect(files()).toEqual([]);
  });

  it('sends nothing for events that call for no mail (a password change, a product change)', async () => {
    const { user } = await h.aUser();
    for (const event of [
      domainEvent('user.password-changed', { userId: user.id }, h.clock.now()),
      domainEvent('product.changed', { productId: user.id, change: 'updated' }, h.clock.now()),
    ]) {
      expect(await send(event)).toEqual({ kind: 'nothing-to-send' });
    }
    expect(files()).toEqual([]);
  });
});
