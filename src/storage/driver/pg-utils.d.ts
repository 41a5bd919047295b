// node-postgres ships no types for its parameter serializer; the PGlite driver uses it so both stores send the same text.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null };
  export default utils;
}
