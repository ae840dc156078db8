// The benchmark worker's bundle: dondoc's workflows plus the no-op baseline.
export * from '../workflows';
export { noopWorkflow } from './noop-workflow';
