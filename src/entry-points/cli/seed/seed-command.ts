import { ValidationError } from '../../../core/shared/errors.js';
import type { CliCommand } from '../cli-command.js';
import { seedDemoData } from './seed-demo-data.js';

/**
 * `seed [--admin-email E --admin-password P]`: the demo catalog, and an ADMIN
 * when both options are given (`npm run db:seed` passes SEED_ADMIN_EMAIL and
 * SEED_ADMIN_PASSWORD as them). Idempotent; prints what it did.
 */
export const seedCommand: CliCommand = {
  name: 'seed',
  synopsis: '[--admin-email E --admin-password P]',
  options: { 'admin-email': { type: 'string' }, 'admin-password': { type: 'string' } },
  required: [],
  arguments: [],
  async run({ options }, useCases) {
    const email = options['admin-email'];
    const password = options['admin-password'];
    if ((email === undefined) !== (password === undefined)) {
      const missing = email === undefined ? 'adminEmail' : 'adminPassword';
      throw new ValidationError([{ field: missing, message: 'is required: an administrator needs both an email and a password' }]);
    }
    const seeded = await seedDemoData(useCases, email === undefined ? null : { email, password: password! });
    return { seeded };
  },
};
