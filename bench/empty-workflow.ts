// The floor of starting a workflow run: a workflow named like the agency's that imports nothing and
// does nothing, so a replayed start of it costs only the SDK's own set-up (bench/workflow-start.ts).
export async function agencyWorkflow(): Promise<void> {}
