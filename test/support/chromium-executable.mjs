// Prints where @sparticuz/chromium unpacked its Chromium and the arguments it needs, as JSON. Run
// as a child process: the package is ES modules only (import.meta), which jest's CommonJS cannot load.
import process from 'node:process';
import chromium from '@sparticuz/chromium';

chromium.setGraphicsMode = false;
const executablePath = await chromium.executablePath();
process.stdout.write(JSON.stringify({ executablePath, args: chromium.args }));
