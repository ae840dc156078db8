import { STAGE_LABELS, type Stage } from '../domain/stages';

// Small formatting helpers for the admin script's output (Vietnamese). Deadlines and instants read
// as everywhere else: domain/deadline-display.ts.

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage as Stage] ?? stage;
}
