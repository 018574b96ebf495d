-- The transactional outbox and the sent-mail log (domain events). Written by hand in the layout and
-- names `prisma migrate dev` uses for prisma/schema.prisma. An event row is inserted in the
-- transaction of the change it describes (src/core/events/domain-event.ts); a relay claims the
-- unsent ones oldest first under a lease (src/data/prisma/prisma-outbox.ts).

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "leased_until" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sent_mail" (
    "event_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sent_mail_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
-- Partial: only the backlog is indexed, so the index stays the size of the backlog however many
-- sent rows the table keeps, and serves the claim's "unsent, oldest first" as a range scan.
CREATE INDEX "outbox_events_unsent_idx" ON "outbox_events"("occurred_at", "id") WHERE ("sent_at" IS NULL);
