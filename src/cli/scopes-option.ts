import { InvalidArgumentError } from 'commander';
import { isScope, SCOPES } from '../kernel/scopes.ts';

/** `--scopes a,b` or `all`, checked before anything is opened or called. */
export function parseScopes(value: string): string[] {
  if (value === 'all') return [...SCOPES];
  const scopes = value.split(/[,\s]+/).filter(Boolean);
  const bad = scopes.filter((s) => !isScope(s));
  if (bad.length) throw new InvalidArgumentError(`unknown scope(s): ${bad.join(', ')}`);
  return scopes;
}
