import { decisionText, roundLabel } from '../domain/rounds';
import type { CatalogueRoundRecord } from '../read-side/rounds';
import { escapeHtml as h, escapeMarkdown as m } from '../shared/escape';
import { fmtInstant, fmtNumber } from './format';

// The report's lines on the consolidation rounds: the first catalogue and each supplement (tổng hợp
// bổ sung), when it was consolidated and by whom, how many agencies' lists it took, and the decision
// that approved it (a supplement's referring to the first decision).

export interface ReportRound {
  round: number;
  /** "lần 1", "lần 2 (bổ sung)". */
  label: string;
  consolidatedAt: string;
  consolidatedBy: string;
  agencies: number;
  /** The decision approving it, in words, once approved. */
  decision?: string;
}

const ROUNDS_TITLE = 'Các lần tổng hợp danh mục';

export function roundsSection(rounds: readonly CatalogueRoundRecord[]): ReportRound[] {
  const first = rounds[0]?.decision;
  return rounds.map((r) => ({
    round: r.round,
    label: roundLabel(r.round),
    consolidatedAt: r.consolidatedAt.toISOString(),
    consolidatedBy: r.consolidatedBy,
    agencies: r.agencies,
    ...(r.decision && {
      decision: `${decisionText({ round: r.round, ...r.decision }, first)}, người ký: ${r.decision.signer}`,
    }),
  }));
}

function line(r: ReportRound): string {
  return `Tổng hợp ${r.label} lúc ${fmtInstant(r.consolidatedAt)} (${r.consolidatedBy}): ${fmtNumber(r.agencies)} cơ quan; ${r.decision ? `đã phê duyệt theo ${r.decision}` : 'chờ phê duyệt'}.`;
}

export function roundsSectionMarkdown(rounds: readonly ReportRound[]): string {
  if (rounds.length === 0) return '';
  return [`### ${ROUNDS_TITLE}`, rounds.map((r) => `- ${m(line(r))}`).join('\n')].join('\n\n');
}

export function roundsSectionHtml(rounds: readonly ReportRound[]): string {
  if (rounds.length === 0) return '';
  return `<section>\n<h2>${h(ROUNDS_TITLE)}</h2>\n<ul>\n${rounds.map((r) => `<li>${h(line(r))}</li>`).join('\n')}\n</ul>\n</section>\n`;
}
