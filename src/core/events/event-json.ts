import type { JsonValue } from '../jobs/job.js';
import { ValidationError } from '../shared/errors.js';
import { type DomainEvent, EVENT_TYPES, type EventType } from './domain-event.js';

/** An event as JSON (a job's data, an outbox row's payload): `at` as an ISO-8601 string. */
export function eventToJson(event: DomainEvent): { [key: string]: JsonValue } {
  return { id: event.id, type: event.type, at: event.at.toISOString(), data: { ...event.data } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an event back from JSON, refusing anything that is not one (a job
 * someone else put on the queue): a ValidationError, never a half-read event.
 * The payload's fields are checked by the consumer that reads them.
 */
export function eventFromJson(value: unknown): DomainEvent {
  if (!isObject(value)) throw new ValidationError([], 'An event must be an object');
  const { id, type, at, data } = value;
  if (typeof id !== 'string' || id.length === 0) throw new ValidationError([{ field: 'id', message: 'must be a non-empty string' }]);
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    throw new ValidationError([{ field: 'type', message: 'is not an event type' }]);
  }
  const when = typeof at === 'string' ? new Date(at) : null;
  if (!when || Number.isNaN(when.getTime())) throw new ValidationError([{ field: 'at', message: 'must be an ISO-8601 date' }]);
  if (!isObject(data)) throw new ValidationError([{ field: 'data', message: 'must be an object' }]);
  return { id, type: type as EventType, at: when, data } as DomainEvent;
}
