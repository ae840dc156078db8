import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CampaignDefinitionError, type CampaignDefinitionFile } from '../../domain/campaign-definition';
import { BusyRefusal } from '../http/heavy-reads';
import { HttpError } from '../../shared/http-errors';

// A campaign file uploaded to the server is parsed in a thread of its own: YAML of a few MB takes
// seconds to parse, and on the server's thread every other request (and /healthz) would wait for
// it. Each parse gets a fresh thread with bounded memory and time, and only a few run at once; past
// that the upload is refused with Retry-After rather than queued.

export interface YamlParseBounds {
  /** Parses running at once. */
  concurrent: number;
  /** A parse still running after this is stopped, and the file refused. */
  timeoutMs: number;
  /** The thread's heap. */
  maxHeapMb: number;
}

const DEFAULT_YAML_PARSE_BOUNDS: YamlParseBounds = { concurrent: 2, timeoutMs: 30_000, maxHeapMb: 512 };

type Answer = { file: CampaignDefinitionFile } | { problems: string[] } | { error: string };

export class CampaignYamlParser {
  private running = 0;

  constructor(private readonly bounds: YamlParseBounds = DEFAULT_YAML_PARSE_BOUNDS) {}

  /** The file's definition, or a CampaignDefinitionError naming every problem (as `parseCampaignYaml`). */
  async parse(text: string, source: string): Promise<CampaignDefinitionFile> {
    if (this.running >= this.bounds.concurrent)
      throw new BusyRefusal(
        503,
        'server_busy',
        `Máy chủ đang kiểm tra ${this.bounds.concurrent} tệp chiến dịch khác. Hãy gửi lại sau 5 giây; chưa có gì được thực hiện.`,
        5,
      );
    this.running++;
    try {
      const answer = await this.run(text, source);
      if ('file' in answer) return answer.file;
      if ('problems' in answer) throw new CampaignDefinitionError(source, answer.problems);
      throw new Error(answer.error);
    } finally {
      this.running--;
    }
  }

  private run(text: string, source: string): Promise<Answer> {
    // Run from source (tsx, jest) the thread loads its TypeScript through tsx's require hook; compiled, its .js.
    const fromSource = __filename.endsWith('.ts');
    const main = path.join(__dirname, `campaign-yaml-thread-main.${fromSource ? 'ts' : 'js'}`);
    const options = {
      workerData: { text, source },
      resourceLimits: { maxOldGenerationSizeMb: this.bounds.maxHeapMb },
    };
    const worker = fromSource
      ? new Worker(
          `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(main)});`,
          { ...options, eval: true },
        )
      : new Worker(main, options);
    return new Promise<Answer>((resolve, reject) => {
      const tooComplex = (why: string) =>
        new HttpError(
          413,
          'file_too_complex',
          `Tệp chiến dịch "${source}" ${why}. Cách sửa: bỏ phần thừa hoặc chia thành nhiều chiến dịch; chưa có gì được thực hiện.`,
          [{ field: 'file', message: `Tệp ${why}.` }],
        );
      const timer = setTimeout(() => {
        reject(tooComplex(`đọc quá ${this.bounds.timeoutMs / 1000} giây`));
        void worker.terminate();
      }, this.bounds.timeoutMs);
      worker.once('message', (answer: Answer) => {
        clearTimeout(timer);
        resolve(answer);
        void worker.terminate();
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(
          (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooComplex(`cần quá ${this.bounds.maxHeapMb} MB bộ nhớ để đọc`)
            : error,
        );
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`campaign file thread stopped (exit code ${code})`));
      });
    });
  }
}
