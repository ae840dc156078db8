-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "personId" TEXT,
ADD COLUMN     "personName" TEXT;
