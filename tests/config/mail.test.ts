import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { createMailer } from '../../src/config/mail.js';
import { messageIdFor } from '../../src/core/mail/mail-message.js';
import { startSmtpServer } from '../support/smtp-server.js';

const configError = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig({ DB_TYPE: 'memory', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('mail configuration', () => {
  it('without SMTP_URL: .eml files under DATA_DIR/mail, from flexible-backend <no-reply@localhost>', () => {
    expect(loadConfig({ DB_TYPE: 'memory' }).mail).toEqual({
      transport: { type: 'file', directory: join('.data', 'mail') },
      from: 'flexible-backend <no-reply@localhost>',
      domain: 'localhost',
    });
    expect(loadConfig({ DB_TYPE: 'memory', DATA_DIR: '/var/lib/app' }).mail.transport).toEqual({ type: 'file', directory: '/var/lib/app/mail' });
  });

  it('with an smtp:// or smtps:// SMTP_URL: SMTP, the URL as given', () => {
    for (const url of ['smtp://user:p%40ss@smtp.example.com:587', 'smtps://smtp.example.com', 'smtp://127.0.0.1:2525']) {
      expect(loadConfig({ DB_TYPE: 'memory', SMTP_URL: url }).mail.transport).toEqual({ type: 'smtp', url });
    }
  });

  it('refuses any other SMTP_URL with one line naming it, never echoing the value (it may hold a password)', () => {
    for (const url of ['http://user:s3cret-Qz@smtp.example.com', 'smtp.example.com:587', 'smtp://', 'mailto:a@b.c']) {
      const error = configError({ SMTP_URL: url });
      expect(error.message).toMatch(/^SMTP_URL accepts an smtp:\/\/ or smtps:\/\/ URL/);
      expect(error.message).not.toContain('(got');
      expect(error.message).not.toContain('s3cret-Qz');
      expect(error.message).not.toContain('\n');
    }
  });

  it('takes MAIL_FROM as an address alone or with a name; the Message-ID domain is its host, lower-cased', () => {
    expect(loadConfig({ DB_TYPE: 'memory', MAIL_FROM: 'orders@Shop.Example.com' }).mail).toMatchObject({
      from: 'orders@Shop.Example.com',
      domain: 'shop.example.com',
    });
    expect(loadConfig({ DB_TYPE: 'memory', MAIL_FROM: 'The Shop <orders@shop.example.com>' }).mail).toMatchObject({
      from: 'The Shop <orders@shop.example.com>',
      domain: 'shop.example.com',
    });
  });

  it.each([
    ['no domain', 'orders'],
    ['two addresses', 'a@example.com, b@example.com'],
    ['a header smuggled in', 'Shop <a@example.com>\r\nBcc: eve@example.org'],
    ['a quoted name (could hide a second address)', '"Shop, Inc" <a@example.com>'],
    ['a domain that is no host name', 'a@exa_mple.com'],
    ['an empty angle address', 'Shop <>'],
  ])('refuses a MAIL_FROM with %s, naming the variable', (_title, value) => {
    expect(configError({ MAIL_FROM: value }).message).toMatch(/^MAIL_FROM accepts an address/);
  });
});

describe('createMailer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('picks the .eml transport without SMTP_URL, writing under DATA_DIR/mail', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mail-config-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const { mail } = loadConfig({ DB_TYPE: 'memory', DATA_DIR: dataDir });
    const mailer = await createMailer(mail);
    cleanups.push(() => mailer.close());
    const receipt = await mailer.send({ messageId: messageIdFor('e1', mail.domain), to: 'ada@example.com', subject: 'Hi', text: 'Hello' });
    expect(receipt.path).toBe(join(dataDir, 'mail', 'evt-e1.eml'));
    expect(await readdir(join(dataDir, 'mail'))).toEqual(['evt-e1.eml']);
  });

  it('picks SMTP when SMTP_URL is set, sending from MAIL_FROM', async () => {
    const smtp = await startSmtpServer({ auth: { user: 'app', pass: 'secret' } });
    cleanups.push(() => smtp.close());
    const { mail } = loadConfig({ DB_TYPE: 'memory', SMTP_URL: smtp.url, MAIL_FROM: 'Shop <orders@shop.example.com>' });
    const mailer = await createMailer(mail);
    cleanups.push(() => mailer.close());
    const receipt = await mailer.send({ messageId: messageIdFor('e1', mail.domain), to: 'ada@example.com', subject: 'Hi', text: 'Hello' });
    expect(receipt).toEqual({ messageId: '<evt-e1@shop.example.com>' });
    expect(smtp.received.map((received) => [received.mailFrom, received.envelopeTo, received.parsed.messageId])).toEqual([
      ['orders@shop.example.com', ['ada@example.com'], '<evt-e1@shop.example.com>'],
    ]);
  });
});
