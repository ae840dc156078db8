import type { FastifyRequest } from 'fastify';
import type { Scope } from '../../domain/access';
import type { DeliverableDeclaration, DeliveryIssue } from '../../domain/deliverables';
import { submitDeliveryUpdate, type SubmitDeliveryInput } from '../../workflows/agency/messages';
import { actByUpdate, type Acting } from '../act';
import type { RouteContext } from '../http/app';
import { findAssignment } from '../routes/resources';
import { HttpError, refused } from '../../shared/http-errors';
import { loadCampaignDeliverable } from '../../read-side/campaign-deliverable';
import { withStoredFiles } from './delivery-uploads';

// One delivery of a campaign's declared deliverable, as the API and the portal send it: the person is
// authorized first, then the delivery is checked with the campaign's compiled checker (each problem
// located for the form to show beside its field) and sent as the submitDelivery Update, whose
// workflow checks it again with the same checker.

/** A delivery refused by the check: every problem with its place in the delivery. */
export class DeliveryRefusedError extends HttpError {
  constructor(readonly problems: DeliveryIssue[]) {
    super(
      400,
      'invalid_delivery',
      `Sản phẩm chưa đạt yêu cầu (${problems.length} lỗi); chưa có gì được nộp:\n${problems.map((p) => `- ${p.message}`).join('\n')}`,
      problems.map((problem) => ({ field: problem.path, message: problem.message })),
    );
  }
}

export async function submitDelivery(
  context: RouteContext,
  request: FastifyRequest,
  scope: Required<Scope>,
  input: SubmitDeliveryInput,
  acting?: Acting,
  /** Reads the delivery from what was sent (a file) once the person may act; its refusal is audited. */
  read?: (declaration: DeliverableDeclaration) => Promise<Record<string, unknown>>,
) {
  const workflowId = async () => (await findAssignment(context.db, scope.campaignId, scope.agencyCode)).workflowId;
  return actByUpdate(context, request, 'deliver', scope, workflowId, submitDeliveryUpdate, input, {
    acting,
    prepareArgument: async (argument) => {
      const deliverable = await loadCampaignDeliverable(context.db, scope.campaignId);
      if (!deliverable)
        throw refused(
          `Chiến dịch ${scope.campaignId} nhận danh sách giấy tờ cần số hóa, không nhận sản phẩm khai báo. Cách sửa: nộp danh sách (trang của cơ quan, hoặc /submissions).`,
        );
      const sent = read ? await read(deliverable.declaration) : argument.delivery;
      const delivery = await withStoredFiles(context, scope, deliverable.declaration, sent);
      const checked = deliverable.check(delivery);
      if (!checked.ok) throw new DeliveryRefusedError(checked.errors);
      return { ...argument, delivery: checked.value as unknown as Record<string, unknown> };
    },
  });
}
