import { withTransaction } from '../../storage/database.ts';
import { emptyAllTables } from '../../storage/repos/sandbox-reset.repo.ts';
import { readCredentials, seedAndRecord } from '../demo-credentials.ts';
import { AdminError, json, optStr, type AdminOperation } from '../admin-operation.ts';

/**
 * `lockyard reset` (sandbox): every table emptied in one statement, then the demo seeded again — deterministically
 * from the seed key (the one given, else the last one used), so the same ids, tokens and secrets come back.
 */
export const reset: AdminOperation = async (lockyard, input, host) => {
  if (!lockyard.config.sandbox) throw new AdminError('reset works in sandbox mode only');
  const seedKey = optStr(input, 'seed_key') ?? readCredentials(host.dataDir)?.seed_key;
  const started = lockyard.clock.now().getTime();
  // TRUNCATE takes every table's lock in turn: a worker's transaction meanwhile may deadlock with it (PostgreSQL
  // then aborts one side); the reset simply tries again.
  for (let attempt = 1; ; attempt++) {
    try {
      await withTransaction(lockyard.database.db, (tx) => emptyAllTables(tx));
      break;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
  const creds = await seedAndRecord(lockyard, host.dataDir, seedKey);
  const seconds = (lockyard.clock.now().getTime() - started) / 1000;
  const summary = {
    seed_key: creds.seed_key,
    operators: creds.operators.map((o) => ({ id: o.id, name: o.name, access_token: o.access_token })),
    credentials_file: `${host.dataDir}/demo-credentials.json`,
  };
  return { stdout: json(summary), stderr: `Reset in ${seconds.toFixed(1)} s.\n`, data: summary };
};
