import { DomainError, type ErrorDetail } from '../../kernel/errors.ts';

/** Flat string map attached to contacts, orders, tasks, notes, deals and webhook endpoints. */
export type Metadata = Record<string, string>;
export type MetadataPatch = Record<string, string | null>;

export const METADATA_LIMITS = {
  maxKeys: 20,
  maxKeyLength: 40,
  maxValueLength: 500,
  keyPattern: /^[a-z0-9._:-]+$/,
} as const;

/** Checks a metadata object (create body or merge patch); problems point at `/metadata/<key>`. */
export function metadataProblems(input: unknown, pointer = '/metadata', allowNull = false): ErrorDetail[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return [{ pointer, message: `value at \`${pointer}\` is not an object` }];
  }
  const problems: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(input)) {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key.length < 1 || key.length > METADATA_LIMITS.maxKeyLength) {
      problems.push({
        pointer: at,
        message: `metadata key \`${key}\` must be 1 to ${METADATA_LIMITS.maxKeyLength} characters`,
      });
    } else if (!METADATA_LIMITS.keyPattern.test(key)) {
      problems.push({
        pointer: at,
        message: `metadata key \`${key}\` may contain only lowercase letters, digits and . _ : -`,
      });
    }
    if (value === null && allowNull) continue;
    if (typeof value !== 'string') {
      problems.push({ pointer: at, message: `value at \`${at}\` is not a string` });
    } else if (value.length > METADATA_LIMITS.maxValueLength) {
      problems.push({
        pointer: at,
        message: `value at \`${at}\` is longer than ${METADATA_LIMITS.maxValueLength} characters`,
      });
    }
  }
  return problems;
}

function tooMany(count: number, pointer: string): ErrorDetail[] {
  return count > METADATA_LIMITS.maxKeys
    ? [{ pointer, message: `metadata has ${count} keys; at most ${METADATA_LIMITS.maxKeys} are allowed` }]
    : [];
}

/** Metadata given on create: validated, at most 20 keys. */
export function metadataForCreate(input: unknown, pointer = '/metadata'): Metadata {
  if (input === undefined) return {};
  const problems = metadataProblems(input, pointer);
  if (!problems.length) problems.push(...tooMany(Object.keys(input as object).length, pointer));
  if (problems.length) throw new DomainError('invalid_content', undefined, problems);
  return { ...(input as Metadata) };
}

/**
 * RFC 7386 merge-patch: keys given are set, `null` removes a key, `{}` clears everything,
 * `undefined` (metadata omitted) leaves it as it was.
 */
export function applyMetadataPatch(current: Metadata, patch: unknown, pointer = '/metadata'): Metadata {
  if (patch === undefined) return current;
  const problems = metadataProblems(patch, pointer, true);
  if (problems.length) throw new DomainError('invalid_content', undefined, problems);
  const entries = Object.entries(patch as MetadataPatch);
  if (!entries.length) return {};
  const next: Metadata = { ...current };
  for (const [k, v] of entries) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  const over = tooMany(Object.keys(next).length, pointer);
  if (over.length) throw new DomainError('invalid_content', undefined, over);
  return next;
}
