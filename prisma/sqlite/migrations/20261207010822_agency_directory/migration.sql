-- CreateTable
CREATE TABLE "DirectoryAgency" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "district" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "electronicId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DirectoryAgency_level_district_idx" ON "DirectoryAgency"("level", "district");
