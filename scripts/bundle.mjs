// The CLI as one ES module bundle (dist/bundle/lockyard.js, with a chunk per lazily imported part), which is what
// `lockyard` runs. Node 20 has no compile cache, and resolving and reading ~900 small modules (ours, kysely's,
// TypeBox's, fastify's) one by one was about a quarter of a warm start's CPU (docs/performance.md).
// Dynamic `import()`s stay lazy: esbuild splits them into chunks, so `lockyard --help` still loads only commander.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Left as packages: they read files beside their own code at run time (PGlite's wasm and data bundle, pdfkit's
// fonts, swagger-ui's static files, ioredis' and swagger's package.json), start worker threads (pino), or are
// optional (pg-native) or build-time only (tsx, esbuild).
const EXTERNAL = [
  '@electric-sql/pglite',
  'pdfkit',
  'pino',
  'ioredis',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  'pg-native',
  'tsx',
  'esbuild',
];

/** Bundles src/cli/main.ts into `<dist>/bundle/`; returns how many files it wrote. */
export async function bundleCli(esbuild, { src, dist }) {
  const outdir = join(dist, 'bundle');
  const result = await esbuild.build({
    entryPoints: { lockyard: join(src, 'cli/main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for node built-ins, which an ES module does not have.
    banner: {
      js: "import { createRequire as __lockyardRequire } from 'node:module'; const require = __lockyardRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
    plugins: [
      {
        // Our modules read files relative to themselves (migrations, CSS, docs): `import.meta.url` becomes the URL
        // of the module's own per-file output in dist/, where build.mjs copies those files.
        name: 'own-import-meta-url',
        setup(build) {
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            let contents = readFileSync(args.path, 'utf8');
            if (contents.includes('import.meta.url')) {
              const own = relative(outdir, join(dist, relative(src, args.path))).replace(/\.ts$/, '.js');
              contents = contents.replaceAll(
                'import.meta.url',
                `new URL(${JSON.stringify(own)}, import.meta.url).href`,
              );
            }
            return { contents, loader: 'ts' };
          });
        },
      },
    ],
  });
  return Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
}
