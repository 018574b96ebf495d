-- Sales report exports (CONTRACT.md, "Background work (exports)"). Written by hand in the layout
-- and names `prisma migrate dev` uses for prisma/schema.prisma. The CSV is kept here, in chunks of
-- at most 500 rows, so that any instance serves the download and none holds a whole report.

-- CreateEnum
CREATE TYPE "SalesExportStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "sales_exports" (
    "id" TEXT NOT NULL,
    "status" "SalesExportStatus" NOT NULL DEFAULT 'PENDING',
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "requested_by" TEXT,
    "failure_reason" TEXT,

    CONSTRAINT "sales_exports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sales_export_chunks" (
    "export_id" TEXT NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "csv" TEXT NOT NULL,

    CONSTRAINT "sales_export_chunks_pkey" PRIMARY KEY ("export_id","chunk_index")
);

-- AddForeignKey
ALTER TABLE "sales_export_chunks" ADD CONSTRAINT "sales_export_chunks_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "sales_exports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
