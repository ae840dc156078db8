-- CreateTable
CREATE TABLE "UpdateSigning" (
    "updateId" TEXT NOT NULL PRIMARY KEY,
    "signedAt" DATETIME NOT NULL
);
