/**
 * Outcomes differ per run only in what the core makes fresh each time: ids,
 * timestamps, tokens and cursors. This replaces those with what a test can
 * compare: the person an id belongs to, or the fact that it is a new UUIDv7;
 * that a timestamp is ISO-8601 and whether updatedAt moved past createdAt;
 * that a token or cursor is a non-empty string. Everything else (emails,
 * names, roles, codes, field names, counts, flags) stays as it came.
 */
import type { World } from './world.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const NEW_ID = 'a new UUIDv7';
export const ISO = 'ISO-8601';
export const UNCHANGED = 'ISO-8601, equal to createdAt';
export const CHANGED = 'ISO-8601, later than createdAt';
export const OPAQUE = 'a non-empty string';

const idOf = (person: string) => `id of ${person}`;

function normalizeId(value: unknown, world: World): unknown {
  if (typeof value !== 'string') return value;
  const person = [...Object.entries(world.ids), ...Object.entries(world.catalog)].find(([, id]) => id === value)?.[0];
  if (person) return idOf(person);
  return UUID_V7.test(value) ? NEW_ID : `NOT A UUIDv7: ${value}`;
}

const normalizeDate = (value: unknown) => (typeof value === 'string' && ISO_DATE.test(value) ? ISO : value);

const opaque = (value: unknown) => (typeof value === 'string' && value.length > 0 ? OPAQUE : value);

function normalizeUpdatedAt(value: unknown, createdAt: unknown): unknown {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || typeof createdAt !== 'string') return normalizeDate(value);
  return value === createdAt ? UNCHANGED : Date.parse(value) > Date.parse(createdAt) ? CHANGED : `EARLIER than createdAt: ${value}`;
}

export function normalize(value: unknown, world: World): unknown {
  if (Array.isArray(value)) return value.map((item) => normalize(item, world));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(object).map(([key, item]) => {
      switch (key) {
        case 'id':
        case 'deleted':
        case 'loggedOut':
          return [key, normalizeId(item, world)];
        case 'createdAt':
          return [key, normalizeDate(item)];
        case 'updatedAt':
          return [key, normalizeUpdatedAt(item, object.createdAt)];
        case 'accessToken':
        case 'refreshToken':
        case 'endCursor':
          return [key, opaque(item)];
        default:
          return [key, normalize(item, world)];
      }
    }),
  );
}

/** What the table writes for a seeded person's id. */
export const id = idOf;
