-- AlterTable
ALTER TABLE "RoleGrant" ADD COLUMN "dutiesWaivedBy" TEXT;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "mintedBySession" TEXT;

-- CreateIndex
CREATE INDEX "ApiToken_mintedBySession_idx" ON "ApiToken"("mintedBySession");
