import type { Command } from 'commander';

// The positional arguments most commands share, declared once: the campaign, and the agency in it.

/** Argument names as parseInput reports them (`<campaignId>`, `<agencyCode>`). */
export const CAMPAIGN_ARGUMENTS = ['campaignId'];
export const AGENCY_ARGUMENTS = ['campaignId', 'agencyCode'];

export const campaignArgument = (command: Command, description = 'mã chiến dịch'): Command =>
  command.argument('<campaignId>', description);

export const agencyArguments = (command: Command): Command =>
  campaignArgument(command).argument('<agencyCode>', 'mã cơ quan');
