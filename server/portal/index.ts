import type { RouteContext, TypedApp } from '../http/app';
import { registerAgencyPages } from './agency-pages';
import { registerDeliveryPages } from './delivery-pages';
import { registerTablePreviewPages } from './table-preview-pages';
import { registerApprovalPages } from './approval-pages';
import { registerCampaignTemplate } from './campaign-template';
import { registerHomeRoutes } from './home';
import { registerReviewPages } from './review-pages';
import { registerServiceCenterPages } from './service-center-pages';
import { registerStaticAssets } from './static-assets';

// The portal: server-rendered Vietnamese pages over the same authorization and act path as the
// API (server/act.ts). Each role's pages register here; navigation.ts says where each role lives.

export async function registerPortal(app: TypedApp, context: RouteContext): Promise<void> {
  await registerStaticAssets(app);
  registerHomeRoutes(app, context.db);
  registerAgencyPages(app, context);
  registerDeliveryPages(app, context);
  registerTablePreviewPages(app, context);
  registerCampaignTemplate(app, context);
  registerReviewPages(app, context);
  registerApprovalPages(app, context);
  registerServiceCenterPages(app, context);
}
