// The benchmark worker's bundle: dondoc's workflows plus the no-op baselines.
export * from '../workflows';
export { listeningNoopWorkflow, matchedNoopWorkflow, noopWorkflow } from './noop-workflow';
