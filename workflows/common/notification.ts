import type { NotificationKind, NotificationParamsInput, NotifyInput } from '../../activities/notifications';

/** Where a notification goes and under which idempotency key: everything but its kind and params. */
export type NotificationEnvelope = Omit<NotifyInput, 'kind' | 'params'>;

/**
 * An outbox request whose params are checked, at compile time, against its kind's template. The
 * activity validates them again at run time (they cross a JSON boundary).
 */
export function notification<K extends NotificationKind>(
  envelope: NotificationEnvelope,
  kind: K,
  params: NotificationParamsInput<K>,
): NotifyInput {
  // TypeScript cannot match a generic K to its member of the union; the signature above does.
  return { ...envelope, kind, params } as NotifyInput;
}
