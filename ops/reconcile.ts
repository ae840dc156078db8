import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Database } from '../prisma/database';
import { REGISTERED_WORKFLOW_TYPES } from '../shared/workflow-runs';
import { deploymentTaskQueues } from '../temporal/task-queues';

// `npm run ops -- reconcile`: after a restore the database is as it was at the backup, while the
// workflows kept going. Every difference between the two is listed; `--repair` corrects what is
// safe to correct — an agency's stage and overdue flag, which are the workflow's own state copied
// into the database (its next transition writes them again). What the database lost outright (a
// campaign launched after the backup, submissions received since) is listed for people to act on.

export type Difference =
  | { kind: 'workflow-not-in-database'; workflowId: string; workflowType: string; startedAt: string; status: string }
  | { kind: 'database-without-workflow'; workflowId: string }
  | { kind: 'stage'; workflowId: string; database: string; workflow: string; repaired: boolean }
  | { kind: 'overdue'; workflowId: string; database: boolean; workflow: boolean; repaired: boolean };

function keyword(info: WorkflowExecutionInfo, name: string): unknown {
  const value = info.searchAttributes?.[name];
  return Array.isArray(value) ? value[0] : undefined;
}

/** The latest run of every dondoc workflow on the deployment's task queues (a continued run replaces its predecessor). */
async function workflows(client: Client, taskQueue: string): Promise<Map<string, WorkflowExecutionInfo>> {
  const types = [...REGISTERED_WORKFLOW_TYPES].map((type) => `'${type}'`).join(', ');
  const queues = deploymentTaskQueues(taskQueue)
    .map((queue) => `'${queue}'`)
    .join(', ');
  const latest = new Map<string, WorkflowExecutionInfo>();
  for await (const info of client.workflow.list({
    query: `TaskQueue IN (${queues}) AND WorkflowType IN (${types})`,
  })) {
    const known = latest.get(info.workflowId);
    if (!known || known.startTime < info.startTime) latest.set(info.workflowId, info);
  }
  return latest;
}

export async function reconcile(
  db: Database,
  client: Client,
  options: { taskQueue: string; repair: boolean },
): Promise<Difference[]> {
  const [found, runs, assignments] = await Promise.all([
    workflows(client, options.taskQueue),
    db.workflowRun.findMany({ select: { workflowId: true } }),
    db.assignment.findMany({ select: { id: true, workflowId: true, stage: true, overdue: true } }),
  ]);
  const differences: Difference[] = [];
  const registered = new Set(runs.map((run) => run.workflowId));
  for (const [workflowId, info] of found) {
    if (!registered.has(workflowId))
      differences.push({
        kind: 'workflow-not-in-database',
        workflowId,
        workflowType: info.type,
        startedAt: info.startTime.toISOString(),
        status: info.status.name,
      });
  }
  for (const workflowId of registered) {
    if (!found.has(workflowId)) differences.push({ kind: 'database-without-workflow', workflowId });
  }
  for (const assignment of assignments) {
    const info = found.get(assignment.workflowId);
    if (!info) continue;
    const stage = keyword(info, 'Stage');
    const overdue = keyword(info, 'Overdue');
    const data: { stage?: string; overdue?: boolean } = {};
    if (typeof stage === 'string' && stage !== assignment.stage) data.stage = stage;
    if (typeof overdue === 'boolean' && overdue !== assignment.overdue) data.overdue = overdue;
    if (Object.keys(data).length === 0) continue;
    if (options.repair) await db.assignment.update({ where: { id: assignment.id }, data });
    if (data.stage !== undefined)
      differences.push({
        kind: 'stage',
        workflowId: assignment.workflowId,
        database: assignment.stage,
        workflow: data.stage,
        repaired: options.repair,
      });
    if (data.overdue !== undefined)
      differences.push({
        kind: 'overdue',
        workflowId: assignment.workflowId,
        database: assignment.overdue,
        workflow: data.overdue,
        repaired: options.repair,
      });
  }
  return differences;
}

/** One line per difference, for the operator. */
export function describeDifference(difference: Difference): string {
  switch (difference.kind) {
    case 'workflow-not-in-database':
      return `${difference.workflowId}: workflow ${difference.workflowType} bắt đầu ${difference.startedAt} (${difference.status}) không có trong cơ sở dữ liệu — sau bản sao lưu; chạy lại tệp chiến dịch của nó nếu cần.`;
    case 'database-without-workflow':
      return `${difference.workflowId}: có trong cơ sở dữ liệu nhưng máy chủ Temporal không có workflow này.`;
    case 'stage':
      return `${difference.workflowId}: bước trong cơ sở dữ liệu "${difference.database}", trong workflow "${difference.workflow}"${difference.repaired ? ' — đã sửa theo workflow' : ''}.`;
    case 'overdue':
      return `${difference.workflowId}: quá hạn trong cơ sở dữ liệu ${difference.database}, trong workflow ${difference.workflow}${difference.repaired ? ' — đã sửa theo workflow' : ''}.`;
  }
}
