import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// Styles and fonts come from dondoc itself (no outside host: the Content-Security-Policy allows
// 'self' only). The font is Be Vietnam Pro from @fontsource, its Vietnamese and latin subsets.

const ASSETS_DIR = path.join(__dirname, 'assets');
const FONT_FILES = /^be-vietnam-pro-(vietnamese|latin)-\d{3}-normal\.woff2?$/;

function fontsDir(): string {
  return path.join(path.dirname(require.resolve('@fontsource/be-vietnam-pro/index.css')), 'files');
}

export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  const cacheControl = { maxAge: '1d' };
  await app.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/assets/',
    index: false,
    list: false,
    ...cacheControl,
  });
  await app.register(fastifyStatic, {
    root: fontsDir(),
    prefix: '/assets/fonts/',
    decorateReply: false,
    index: false,
    list: false,
    // Only the two subsets the stylesheet names; the package's other files are not served.
    allowedPath: (pathName) => FONT_FILES.test(path.basename(pathName)),
    immutable: true,
    maxAge: '365d',
  });
}
