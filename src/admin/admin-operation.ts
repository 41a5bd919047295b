import { DomainError } from '../kernel/errors.ts';
import { staffPrincipal, systemPrincipal, type OperatorContext } from '../domain/context.ts';
import { findOperator, listOperators } from '../storage/repos/operators.repo.ts';
import type { Lockyard } from '../main.ts';

/** Where the server (or the CLI opening the store itself) runs: the data dir holds its credentials files. */
export interface AdminHost {
  dataDir: string;
}

/** What a command prints: stdout (the result) and stderr (notes), plus the result as data for API callers. */
export interface AdminOutput {
  stdout: string;
  stderr?: string;
  data?: unknown;
}

export type AdminInput = Record<string, unknown>;

/**
 * One CLI data command, run the same way by the admin API of a running server (`POST /_admin/<name>`) and by the
 * CLI itself when no server runs (src/admin/local.ts).
 */
export type AdminOperation = (lockyard: Lockyard, input: AdminInput, host: AdminHost) => Promise<AdminOutput>;

/** A refusal the command line prints as is (bad input, unknown ids). */
export class AdminError extends Error {}

export function str(input: AdminInput, key: string): string {
  const v = input[key];
  if (typeof v !== 'string' || !v) throw new AdminError(`${key} is required`);
  return v;
}

export function optStr(input: AdminInput, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AdminError(`${key} must be a string`);
  return v;
}

export function strList(input: AdminInput, key: string): string[] {
  const v = input[key] ?? [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    throw new AdminError(`${key} must be a list of strings`);
  return v as string[];
}

export function optInt(input: AdminInput, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v)) throw new AdminError(`${key} must be an integer`);
  return v as number;
}

/** The operator's own view from the command line: every endpoint, including OAuth applications' ones. */
export async function operatorContext(lockyard: Lockyard, operatorId?: string): Promise<OperatorContext> {
  const operator = operatorId
    ? await findOperator(lockyard.database.db, operatorId)
    : (await listOperators(lockyard.database.db))[0];
  if (!operator)
    throw new AdminError(operatorId ? `no operator with id ${operatorId}` : 'no operator yet (start once to seed)');
  return lockyard.services.contexts.contextFor(operator.id, systemPrincipal('cli'));
}

/**
 * A back-office action from the command line (`lockyard trigger`): records name a creator, so the CLI acts as the
 * operator's first staff member (system principal `cli` when it has none).
 */
export async function staffContext(lockyard: Lockyard, operatorId?: string): Promise<OperatorContext> {
  const ctx = await operatorContext(lockyard, operatorId);
  const page = { page: 1, limit: 1, sortBy: 'created_at', direction: 'asc' as const };
  const [staff] = (await lockyard.services.staff.list(ctx, page, {})).items;
  return staff ? lockyard.services.contexts.contextFor(ctx.operator.id, staffPrincipal('cli', staff.id)) : ctx;
}

/** The one line a command prints for an error: domain validation errors with their pointers. */
export function errorMessage(err: unknown): string {
  if (err instanceof DomainError)
    return `${err.message} ${err.details.map((d) => `${d.pointer}: ${d.message}`).join('; ')}`.trim();
  return err instanceof Error ? err.message : String(err);
}

export const json = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`;
