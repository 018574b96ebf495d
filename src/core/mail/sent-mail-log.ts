/**
 * What was mailed for which event: the record that keeps a worker from
 * sending an event's message twice in steady state. Delivery stays at least
 * once: a crash between the SMTP server's acceptance and `record` sends the
 * message again, with the same Message-ID.
 */
export interface SentMailLog {
  has(eventId: string): Promise<boolean>;
  /** Records the message sent for an event; recording an event twice keeps the first record and does not throw. */
  record(entry: { eventId: string; messageId: string; sentAt: Date }): Promise<void>;
}
