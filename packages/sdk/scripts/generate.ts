// `npm run generate -w @lockyard/stora`: regenerates src/generated/ from the OpenAPI document of a Lockyard started
// in-process (in-memory PGlite, no seed), or of the server at the URL given as the first argument.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from './codegen.ts';

const target = join(import.meta.dirname, '..', 'src', 'generated');

async function fetchDocument(url: string | undefined): Promise<Record<string, unknown>> {
  if (url) return (await fetch(new URL('/2025-09/openapi.json', url))).json();
  const { createLockyard } = await import('../../../src/main.ts');
  const lockyard = await createLockyard({ database: {}, logLevel: false });
  try {
    const res = await lockyard.app.inject({ method: 'GET', url: '/2025-09/openapi.json' });
    return res.json();
  } finally {
    await lockyard.close();
  }
}

const files = await generate(await fetchDocument(process.argv[2]));
for (const [name, text] of Object.entries(files)) writeFileSync(join(target, name), text);
console.log(
  `wrote ${Object.keys(files)
    .map((f) => `src/generated/${f}`)
    .join(', ')}`,
);
