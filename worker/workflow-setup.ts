import { useVietnameseZodMessages } from '../domain/zod-locale';

// Loaded into the workflow sandbox before any workflow runs (a workflow interceptor module of the
// bundle): Update validators answer in Vietnamese. It adds no interceptor.
useVietnameseZodMessages();

export const interceptors = (): object => ({});
