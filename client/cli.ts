// The Service Center's admin script: `npm run dondoc -- <command>`. The commands live in client/cli/.
import { runCli } from './cli/program';

export { buildProgram, runCli } from './cli/program';
export type { CliDeps, CliIO } from './cli/context';

if (require.main === module) {
  void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}
