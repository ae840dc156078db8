import { parentPort, workerData } from 'node:worker_threads';
import { CampaignDefinitionError } from '../../domain/campaign-definition';
import { lowerThisThreadPriority } from '../../shared/thread-priority';
import { parseCampaignYaml } from '../../campaign-files/campaign-yaml';

// One campaign file parsed and validated off the server's thread (campaign-yaml-thread.ts): the
// definition, or the problems found, or the error's message.

lowerThisThreadPriority();
const { text, source } = workerData as { text: string; source: string };
try {
  parentPort!.postMessage({ file: parseCampaignYaml(text, source) });
} catch (error) {
  parentPort!.postMessage(
    error instanceof CampaignDefinitionError
      ? { problems: error.problems }
      : { error: error instanceof Error ? error.message : String(error) },
  );
}
