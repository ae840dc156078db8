// The workflow bundle's entry point: every workflow type the worker registers.
export { agencyWorkflow } from './agency/workflow';
export { campaignWorkflow } from './campaign/workflow';
export { reportWorkflow } from './report/workflow';
