// The notification channel: templates (one place for every message; the kinds and their params are
// in domain/notifications.ts), delivery (SMTP, webhook)
// and the outbox activity that ties them together exactly once per event and recipient.
export {
  createNotificationActivities,
  outboxKey,
  type NotificationOptions,
  type NotifyInput,
  type NotifyResult,
  type Recipient,
} from './outbox';
export {
  createEmailChannel,
  DeliveryError,
  messageIdFor,
  type ChannelName,
  type DeliveryChannel,
  type OutgoingMessage,
} from './delivery';
export { createWebhookChannel, isPublicAddress, type WebhookOptions } from './webhook';
export {
  NOTIFICATION_AUDIENCE,
  NOTIFICATION_KINDS,
  NotificationParamsError,
  notificationSchema,
  validateNotification,
  type NotificationKind,
  type NotificationMessage,
  type NotificationParams,
  type NotificationParamsInput,
  type NotificationRequest,
  type NotificationTemplateInput,
} from '../../domain/notifications';
export { renderNotification, type RenderedNotification } from './templates';
