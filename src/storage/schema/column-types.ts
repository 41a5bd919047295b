import type { ColumnType, InsertType, SelectType, UpdateType } from 'kysely';

/** A column with a default: optional on insert. Unlike kysely's, it also wraps the column types below. */
export type Generated<T> = ColumnType<SelectType<T>, InsertType<T> | undefined, UpdateType<T>>;

/** timestamptz: read as a Date (both drivers), written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/**
 * json/jsonb: read as parsed JSON; written as JSON text (`JSON.stringify`), because pg would send a JS
 * array as a PostgreSQL array literal. Each repo's row mapper gives the value its domain type.
 */
export type Json = ColumnType<JsonValue, string, string>;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** bytea: a Buffer from pg, a Uint8Array from PGlite. */
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
