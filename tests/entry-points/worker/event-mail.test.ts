/**
 * Changes made over the API become mail through the outbox, the relay, the
 * in-process queue and the worker's handler, into a real SMTP server: the
 * way `npm start` runs with no Redis. On every store.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventIdOf } from '../../../src/core/mail/mail-message.js';
import { createSmtpMailer } from '../../../src/data/mail/smtp-mailer.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../support/smtp-server.js';
import { describeEachStore, storeKinds } from '../../support/stores.js';
import { pollUntil } from '../../support/server-process.js';
import { catalogHelpers } from '../rest/catalog-harness.js';
import { PASSWORD, useRestApi } from '../rest/rest-harness.js';

const FROM = 'Shop <shop@mail.example.com>';

describeEachStore(
  'event mail through the in-process worker',
  (fixture) => {
    let smtp: TestSmtpServer;
    beforeAll(async () => {
      smtp = await startSmtpServer();
    });
    afterAll(async () => {
      await smtp?.close();
    });
    const api = useRestApi(fixture, () => ({
      worker: { mailer: createSmtpMailer({ url: smtp.url, from: FROM }) },
      env: { MAIL_FROM: FROM },
    }));
    const shop = catalogHelpers(api);

    const mailTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address));
    const waitForMail = (address: string, count: number): Promise<ReceivedMail[]> =>
      pollUntil(`${count} mail(s) to ${address}`, () => {
        const mails = mailTo(address);
        return mails.length >= count ? mails : undefined;
      });

    it('sends a welcome email on sign-up, to the new user only, without the password', async () => {
      const { user, input } = await api.signUp();
      const [mail] = await waitForMail(input.email, 1);
      expect(mail!.envelopeTo).toEqual([input.email]);
      expect(mail!.parsed.subject).toMatch(/welcome/i);
      expect(mail!.raw).not.toContain(PASSWORD);
      expect(eventIdOf(mail!.parsed.messageId!)).not.toBeNull();
      expect(mail!.parsed.messageId).toMatch(/@mail\.example\.com>$/);
      expect(mail!.raw).toContain(user.firstName);
    });

    it('confirms a placed order, then notices its cancellation, each once', async () => {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const [product] = await shop.createProducts(admin.token, { name: 'Blue teapot', priceCents: 1250, stock: 5 });
      const order = await shop.anOrder(customer.token, [{ productId: product!.id, quantity: 2 }]);
      const cancelled = await api.request('POST', `/api/orders/${order.id}/cancel`, { token: customer.token });
      expect(cancelled.status, cancelled.text).toBe(200);

      const mails = await waitForMail(customer.input.email, 3); // welcome, confirmation, cancellation
      const subjects = mails.map((mail) => mail.parsed.subject ?? '');
      expect(subjects.filter((subject) => subject.includes(order.id))).toHaveLength(2);
      const confirmation = mails.find((mail) => /confirm|received|placed/i.test(mail.parsed.subject ?? '') && mail.parsed.subject!.includes(order.id));
      expect(confirmation?.parsed.text).toContain('Blue teapot');
      expect(mails.some((mail) => /cancel/i.test(mail.parsed.subject ?? ''))).toBe(true);
      const ids = mails.map((mail) => mail.parsed.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const mail of mails) expect(mail.raw).not.toContain(customer.token);
      // The relay keeps polling: nothing more arrives for these events.
      const before = smtp.received.length;
      await api.signUp(); // one more event, so the relay has certainly run rounds past the earlier ones
      await pollUntil('the next welcome', () => smtp.received.length > before);
      expect(mailTo(customer.input.email)).toHaveLength(3);
    });

    it('builds a requested sales export in the background: PENDING, then DONE with the report as CSV', async () => {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const [product] = await shop.createProducts(admin.token, { name: 'Export lamp', priceCents: 700 });
      await shop.anOrder(customer.token, [{ productId: product!.id, quantity: 3 }]);
      const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
      const requested = await api.request('POST', '/api/reports/sales/exports', { json: range, token: admin.token });
      expect(requested.status, requested.text).toBe(202);
      const { id } = requested.body.export;
      const done = await pollUntil('the export DONE', async () => {
        const answer = await api.request('GET', `/api/reports/sales/exports/${id}`, { token: admin.token });
        return answer.body.export.status === 'DONE' ? answer.body.export : undefined;
      });
      const csv = await fetch(`${api.url()}${done.downloadPath}`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(csv.status).toBe(200);
      const text = await csv.text();
      expect(text.split('\r\n')[0]).toBe('productId,sku,name,unitsSold,revenueCents,orderCount');
      expect(text).toContain(`${product!.id},${product!.sku},Export lamp,3,2100,1`);
    });

    it('marks every relayed event sent once its job has run', async () => {
      const { input } = await api.signUp();
      await waitForMail(input.email, 1);
      const outbox = fixture().store.outbox!;
      expect(await pollUntil('an empty outbox', async () => (await outbox.pendingCount()) === 0)).toBe(true);
    });
  },
  storeKinds,
);

