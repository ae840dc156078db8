-- CreateTable
CREATE TABLE "UpdateSigning" (
    "updateId" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UpdateSigning_pkey" PRIMARY KEY ("updateId")
);
