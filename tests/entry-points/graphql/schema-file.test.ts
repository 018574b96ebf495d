/**
 * ./schema.graphql is what clients and codegen read instead of a running
 * server, so it must be what the code prints now.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaFileText } from '../../../scripts/print-schema.js';

describe('schema.graphql', () => {
  it('is what the code-first schema prints now', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '(missing)');
    expect(committed, 'schema.graphql is stale: run `npm run schema:print` and commit the file').toBe(await schemaFileText());
  });
});
