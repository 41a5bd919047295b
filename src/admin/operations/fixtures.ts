import { SCOPES } from '../../kernel/scopes.ts';
import { FixtureError, parseFixtureSource, validateFixtures } from '../../sandbox/fixtures/fixture-file.ts';
import {
  applyFixtures,
  FixturesFailed,
  formatApplied,
  type ApiTransport,
} from '../../sandbox/fixtures/run-fixtures.ts';
import { AdminError, operatorContext, optStr, str, type AdminOperation } from '../admin-operation.ts';

/** A run without `--token` acts with a token of its own, every scope, revoked when the run ends. */
const RUN_TOKEN_SECONDS = 3600;

/**
 * `lockyard fixtures apply FILE`: the file's steps as real API requests (the app's full pipeline, in this process:
 * the running server's or the CLI's own), with references between steps. Sandbox mode only.
 */
export const applyFixturesOperation: AdminOperation = async (lockyard, input) => {
  if (!lockyard.config.sandbox) throw new AdminError('fixtures apply works in sandbox mode only');
  const fileName = str(input, 'file');
  let file;
  try {
    file = validateFixtures(parseFixtureSource(str(input, 'source'), fileName));
  } catch (err) {
    if (err instanceof FixtureError) throw new AdminError(`${fileName}: ${err.message}`);
    throw err;
  }
  const transport: ApiTransport = async (call) => {
    const res = await lockyard.app.inject({
      method: call.method as 'GET',
      url: call.url,
      headers: call.headers,
      ...(call.body !== undefined ? { payload: call.body } : {}),
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  };
  let token = optStr(input, 'token');
  let runToken: { operatorId: string; id: string } | undefined;
  if (!token) {
    const ctx = await operatorContext(lockyard, optStr(input, 'operator') ?? file.operator);
    const issued = await lockyard.services.tokens.create({
      operatorId: ctx.operator.id,
      scopes: [...SCOPES],
      expiresInSeconds: RUN_TOKEN_SECONDS,
      name: 'lockyard fixtures apply',
    });
    token = issued.token;
    runToken = { operatorId: ctx.operator.id, id: issued.record.id };
  }
  try {
    const steps = await applyFixtures(file, { token, transport });
    return { stdout: formatApplied(steps), data: { steps } };
  } catch (err) {
    if (err instanceof FixturesFailed) throw new AdminError(`${fileName}: ${err.message}`);
    throw err;
  } finally {
    if (runToken) await lockyard.services.tokens.revoke(runToken.operatorId, runToken.id);
  }
};
