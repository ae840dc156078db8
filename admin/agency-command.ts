import { z } from 'zod';
import type { UpdateAction } from '../domain/access';
import type { AgencyState } from '../workflows/agency/messages';
import type { Session } from './context';
import { actOnAgency, openAgency, type AgencyRequest, type AgencyTarget } from './lookup';
import { AGENCY_ARGUMENTS } from './arguments';
import { agencyCode, campaignIdArg, parseInput } from './options';

// The one shape of a command on one agency (`agency submit`, `review accept`, `deadline suspend`,
// `extension answer`…): check `<campaignId> <agencyCode>` with the options, open the agency for the
// action, take it through the server; the command prints what came back.

/** What commander hands an agency command: its two arguments and its options. */
export interface AgencyCall {
  campaignId: string;
  code: string;
  options: Record<string, unknown>;
}

/** The commander action of an agency command declared with `agencyArguments`. */
export const agencyAction =
  (session: Session, run: (session: Session, call: AgencyCall) => Promise<void>) =>
  (campaignId: string, code: string, options: Record<string, unknown>) =>
    run(session, { campaignId, code, options });

/** `<campaignId>`, `<agencyCode>` and the command's own options, as one schema. */
export const agencyInput = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ campaignId: campaignIdArg, agencyCode, ...shape });

/** Checks an agency command's arguments and options, every problem at once, named by its flag. */
export function parseAgencyCall<S extends z.ZodType<{ campaignId: string; agencyCode: string }>>(
  command: string,
  schema: S,
  call: AgencyCall,
): z.output<S> {
  const values = { campaignId: call.campaignId, agencyCode: call.code, ...call.options };
  return parseInput(command, schema, values, AGENCY_ARGUMENTS);
}

export type OpenAgency = AgencyTarget & { state: AgencyState };

/**
 * Opens the named agency for `action` and takes it through the server. `request` may read the
 * opened agency (its pending requests, its list) and refuse before anything is sent.
 */
export async function openAndAct<R>(
  session: Session,
  input: { campaignId: string; agencyCode: string },
  action: UpdateAction,
  routePath: string,
  request: AgencyRequest | ((target: OpenAgency) => AgencyRequest | Promise<AgencyRequest>),
): Promise<{ receipt: R; target: OpenAgency }> {
  const target = await openAgency(session, input.campaignId, input.agencyCode, action);
  const sent = typeof request === 'function' ? await request(target) : request;
  return { receipt: await actOnAgency<R>(session, target, action, routePath, sent), target };
}
