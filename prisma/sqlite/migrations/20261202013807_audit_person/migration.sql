-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "personId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "personName" TEXT;
