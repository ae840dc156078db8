import path from 'node:path';
import { buildWorkflowBundle } from './bundle';
import { WORKFLOWS_PATH } from './create-worker';

// `npm run build` ends here: dist/workflow-bundle.js, which a worker loads when
// DONDOC_WORKFLOW_BUNDLE points at it. Rebuild it with every release of the workflow code.
const outFile = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'workflow-bundle.js'));

buildWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, outFile }).then(
  (file) => console.log(`Workflow bundle: ${file}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
