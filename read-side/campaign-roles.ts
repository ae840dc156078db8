import type { Database } from '../prisma/database';
import { notFound } from '../shared/http-errors';
import { readCampaignRow } from './campaign-rows';

// The names the workflows know each campaign role by (from the definition stored at launch): the
// workflows record them on every transition, beside the person the server authenticated.

export interface CampaignRecord {
  id: string;
  title: string;
  directiveNumber: string;
  reviewer: string;
  approver: string;
  serviceCenter: string;
}

/** The campaign's stored row, or the Vietnamese 404 for an unknown campaign. */
export async function loadCampaignRow(db: Database, campaignId: string) {
  const row = await readCampaignRow(db, campaignId);
  if (!row) throw notFound(`Không có chiến dịch ${campaignId}. Kiểm tra mã chiến dịch (trường id của tệp chiến dịch).`);
  return row;
}

export async function loadCampaignRecord(db: Database, campaignId: string): Promise<CampaignRecord> {
  const row = await loadCampaignRow(db, campaignId);
  const definition = (row.definition ?? {}) as {
    serviceCenter?: { name?: string };
    reviewer?: { name?: string };
    approver?: { name?: string };
  };
  return {
    id: row.id,
    title: row.title,
    directiveNumber: row.directiveNumber,
    reviewer: definition.reviewer?.name ?? row.reviewer ?? '',
    approver: definition.approver?.name ?? row.approver ?? '',
    serviceCenter: definition.serviceCenter?.name ?? 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh',
  };
}
