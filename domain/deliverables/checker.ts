import type { DeliverableDeclaration } from './declaration';
import { compileForm, type FormDelivery } from './form-check';
import type { DeliveryCheck } from './issues';
import { DELIVERABLE_LIMITS } from './limits';
import { compileTable, type TableDelivery } from './table-check';

// One checker per declaration, compiled once and used alike by the server (before it sends an
// Update) and by the workflow (its Update validator): pure, deterministic, no I/O and no clock, and
// free of zod so a workflow run loads nothing heavy. The declaration is the already-validated output
// of deliverableDeclarationSchema (the campaign's launch).

export type Delivery = TableDelivery | FormDelivery;
export type DeliverableChecker = (delivery: unknown) => DeliveryCheck<Delivery>;

export function compileDeliverable(declaration: DeliverableDeclaration): DeliverableChecker {
  const check: DeliverableChecker = declaration.kind === 'table' ? compileTable(declaration) : compileForm(declaration);
  return (delivery) => {
    const result = check(delivery);
    const findings = result.findings;
    if (findings.length <= DELIVERABLE_LIMITS.listedErrors) return result;
    const rest = findings.length - DELIVERABLE_LIMITS.listedErrors;
    return {
      ...result,
      findings: [
        ...findings.slice(0, DELIVERABLE_LIMITS.listedErrors),
        { at: {}, path: '', message: `… và ${rest.toLocaleString('vi-VN')} lưu ý khác.` },
      ],
    };
  };
}
