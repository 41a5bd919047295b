import type { ColumnType, InsertType, SelectType, UpdateType } from 'kysely';

/** A column with a default: optional on insert. Unlike kysely's, it also wraps the column types below. */
export type Generated<T> = ColumnType<SelectType<T>, InsertType<T> | undefined, UpdateType<T>>;

/** timestamptz: read as a Date (both drivers), written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/**
 * json/jsonb: read as parsed JSON, `unknown` until the repo's row mapper names its domain type; written as JSON
 * text (`JSON.stringify`), because pg would send a JS array as a PostgreSQL array literal.
 */
export type Json = ColumnType<unknown, string, string>;

/** bytea: a Buffer from pg, a Uint8Array from PGlite. */
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
