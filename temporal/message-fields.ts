import { z } from 'zod';
import { PAYLOAD_LIMITS, tooLongText, tooManyItems } from '../domain/payload-limits';
import { visibleText } from '../domain/text';

// The fields the workflows' messages are made of, each bounded by domain/payload-limits.ts, so a
// workflow refuses an oversized Update in its own validator even when a client skipped the server's
// pre-send check.

type TextLimit = 'shortText' | 'longText';

/** Text in a message: visible characters only, at most the limit's characters; `missing` when absent. */
export function boundedText(field: string, limit: TextLimit = 'longText', missing?: string) {
  const max = PAYLOAD_LIMITS[limit];
  return z
    .string(missing ? { error: missing } : undefined)
    .overwrite(visibleText)
    .max(max, tooLongText(field, max));
}

/** An array in a message, at most `PAYLOAD_LIMITS.arrayItems` items. */
export function boundedArray<T extends z.ZodType>(field: string, item: T) {
  return z.array(item).max(PAYLOAD_LIMITS.arrayItems, tooManyItems(field, PAYLOAD_LIMITS.arrayItems));
}

/** Who acts: the server puts the signed-in person here, never the payload's sender. */
export const actorField = boundedText('Người thực hiện (by)', 'shortText', 'Thiếu người thực hiện (by).').min(
  1,
  'Người thực hiện (by) không được để trống.',
);
