// `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run.
import { benchApi } from './api.ts';
import { benchWebhooks } from './webhooks.ts';
import { benchLifecycle } from './lifecycle.ts';
import { benchWrites } from './writes.ts';
import { benchCli } from './cli.ts';

await benchApi();
await benchWebhooks();
await benchLifecycle();
await benchWrites();
await benchCli();
