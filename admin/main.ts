// The Service Center's admin script: `npm run dondoc -- <command>`. The commands live in admin/.
import { runCli } from './program';

export { buildProgram, runCli } from './program';
export type { CliDeps, CliIO } from './context';

if (require.main === module) {
  void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}
