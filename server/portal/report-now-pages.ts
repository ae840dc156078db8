import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { REPORT_FILE_NAMES } from '../../reporting/run-report';
import { campaignKey } from '../../temporal/search-attributes';
import type { reportWorkflow, ReportWorkflowResult } from '../../workflows/report/workflow';
import { invalid, notFound } from '../../shared/http-errors';
import { audited, prepare } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { authorizeSection, formOf, required } from './role-pages';
import { sendPage } from './views';

// "Lập báo cáo ngay": the daily report made now, by the same report workflow the schedule starts
// (so the worker builds and writes it, not the server), on a non-working day too. The dashboard's
// button carries a key of its own: the workflow ID derives from it, so pressing twice or sending the
// form again starts one report. The answer waits a few seconds for the files; a larger campaign gets
// a page that says the report is being made and links to itself.

const KEY = /^[\w-]{8,64}$/;
/** How long the button's answer waits for the report before it shows the "being made" page. */
const WAIT_MS = 15_000;

function reportNowWorkflowId(campaignId: string, key: string): string {
  return `report:${campaignId}:now:${key}`;
}

export function registerReportNowPages(app: TypedApp, context: RouteContext, base: string): void {
  const { client, config } = context;
  const hidden = { schema: { hide: true } };
  const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;

  app.post(`${base}/:campaignId/lap-bao-cao`, hidden, async (request, reply) => {
    const { campaignId } = request.params as { campaignId: string };
    const scope = { campaignId };
    const authorized = await prepare(context, request, 'makeReport', scope);
    const key = required(formOf(request), 'lan', 'mã lần lập báo cáo');
    if (!KEY.test(key)) throw invalid('lan', 'Mã lần lập báo cáo không hợp lệ; hãy mở lại bảng điều hành.');
    const workflowId = reportNowWorkflowId(campaignId, key);
    const acting = { ...authorized, updateId: workflowId };
    const handle = await audited(context, request, acting, 'makeReport', scope, async () => {
      try {
        return await client.workflow.start<typeof reportWorkflow>('reportWorkflow', {
          workflowId,
          taskQueue: config.taskQueue,
          args: [{ campaignId, outputDir: config.reports.dir, includeNonWorkingDays: true }],
          typedSearchAttributes: [{ key: campaignKey, value: campaignId }],
          workflowExecutionTimeout: '2 hours',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        return client.workflow.getHandle<typeof reportWorkflow>(workflowId);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      handle.result().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, WAIT_MS))),
    ]);
    clearTimeout(timer);
    return reply.redirect(`${campaignPath(campaignId)}/lap-bao-cao/${encodeURIComponent(key)}`, 303);
  });

  app.get(`${base}/:campaignId/lap-bao-cao/:key`, hidden, async (request, reply) => {
    const { campaignId, key } = request.params as { campaignId: string; key: string };
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    if (!KEY.test(key)) throw notFound('Không có lần lập báo cáo này.');
    const handle = client.workflow.getHandle<typeof reportWorkflow>(reportNowWorkflowId(campaignId, key));
    let status: string;
    try {
      status = (await handle.describe()).status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound('Không có lần lập báo cáo này.');
      throw error;
    }
    let made: { day: string; files: { name: string; href: string }[] } | undefined;
    if (status === 'COMPLETED') {
      const result: ReportWorkflowResult = await handle.result();
      // The folder is the report's day on the campaign's clock (a rehearsal's is not today's).
      const day = result.dir ? path.basename(result.dir) : result.day;
      const href = (name: string) => `${campaignPath(campaignId)}/bao-cao/${day}/${name}`;
      made = {
        day,
        files: Object.values(REPORT_FILE_NAMES).map((name) => ({ name, href: href(name) })),
      };
    }
    return sendPage({ request, reply }, 'service-center-report-now', made ? 'Đã lập báo cáo' : 'Lập báo cáo', {
      trail: [
        { label: 'Điều hành', href: base },
        { label: campaignId, href: campaignPath(campaignId) },
        { label: 'Lập báo cáo' },
      ],
      made,
      html: made?.files.find((f) => f.name === REPORT_FILE_NAMES.html),
      running: status === 'RUNNING',
      self: `${campaignPath(campaignId)}/lap-bao-cao/${encodeURIComponent(key)}`,
      back: campaignPath(campaignId),
    });
  });
}
