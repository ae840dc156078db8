-- CreateTable
CREATE TABLE "DirectoryAgency" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "district" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "electronicId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectoryAgency_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "DirectoryAgency_level_district_idx" ON "DirectoryAgency"("level", "district");
