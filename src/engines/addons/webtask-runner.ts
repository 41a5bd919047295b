import { Worker } from 'node:worker_threads';
import type { WebtaskOutcome, WebtaskRunner } from '../../domain/addons/webtask.ts';

/**
 * The worker's own code (CommonJS, evaluated). It compiles the webtask in a fresh node:vm context that holds no
 * host object: `api` and `console` are built inside the context around two bridge functions it captures and then
 * deletes, and values cross only as JSON strings, so nothing in reach leads back to the worker's `process` or
 * `require`. String code generation (eval, Function) is off inside the context. The host terminates the worker at
 * the time limit, whatever it is doing.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
let seq = 0;
const waiting = new Map();
parentPort.on('message', (m) => {
  const cb = waiting.get(m.id);
  if (!cb) return;
  waiting.delete(m.id);
  cb(m.error ?? null, m.value === undefined ? undefined : JSON.stringify(m.value));
});
const sandbox = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
sandbox.__bridge = (method, argsJson, cb) => {
  const id = ++seq;
  waiting.set(id, (err, val) => cb(err === null ? null : String(err), val));
  parentPort.postMessage({ type: 'call', id, method: String(method), args: JSON.parse(String(argsJson)) });
};
sandbox.__log = (level, message) => parentPort.postMessage({ type: 'log', level: String(level), message: String(message).slice(0, 2000) });
const prelude = new vm.Script(
  '(function () {' +
  '  const bridge = globalThis.__bridge; const log = globalThis.__log;' +
  '  delete globalThis.__bridge; delete globalThis.__log;' +
  '  const fmt = (a) => a.map((x) => { if (typeof x === "string") return x; try { return JSON.stringify(x); } catch { return String(x); } }).join(" ");' +
  '  globalThis.console = Object.freeze({ log: (...a) => log("info", fmt(a)), info: (...a) => log("info", fmt(a)), warn: (...a) => log("warn", fmt(a)), error: (...a) => log("error", fmt(a)) });' +
  '  const call = (method, args) => new Promise((res, rej) => bridge(method, JSON.stringify(args), (err, val) => err !== null ? rej(new Error(err)) : res(val === undefined ? undefined : JSON.parse(val))));' +
  '  const api = Object.freeze({ ensureCustomField: (model, def) => call("ensureCustomField", [model, def]) });' +
  '  return (fn, contextJson) => Promise.resolve().then(() => { if (typeof fn !== "function") throw new Error("the webtask must export a default function"); return fn({ api, context: JSON.parse(contextJson) }); }).then(() => null, (e) => String(e && e.stack || e));' +
  '})()',
);
const run = prelude.runInContext(sandbox);
const source = workerData.source.replace(/\bexport\s+default\s+/, 'globalThis.__webtask = ');
const send = (error) => parentPort.postMessage({ type: 'done', error });
parentPort.postMessage({ type: 'ready' });
try {
  new vm.Script(source, { filename: 'webtask.js' }).runInContext(sandbox, { timeout: workerData.timeoutMs });
  const fn = sandbox.__webtask;
  run(fn, workerData.context).then((error) => send(error === null ? null : String(error)), (e) => send(String(e)));
} catch (e) {
  send(String(e && e.message || e));
}
`;

const STARTUP_LIMIT_MS = 30_000;

/** Runs a webtask in a worker thread (no env, small heap, no host objects in reach), stopped at the time limit. */
export const runWebtask: WebtaskRunner = (source, context, api, opts) =>
  new Promise<WebtaskOutcome>((resolve) => {
    const logs: WebtaskOutcome['logs'] = [];
    let settled = false;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env: {},
      execArgv: [],
      argv: [],
      stdout: true,
      stderr: true,
      workerData: { source, context: JSON.stringify(context), timeoutMs: opts.timeoutMs },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve({ ok: error === null, logs, error });
    };
    // The limit bounds the webtask, not the thread's start (slow on a loaded machine), which has its own.
    let timer = setTimeout(() => finish('the webtask sandbox did not start'), STARTUP_LIMIT_MS);
    worker.on('message', async (m: any) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        timer = setTimeout(() => finish(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs);
      } else if (m.type === 'log') {
        const level = m.level === 'warn' || m.level === 'error' ? m.level : 'info';
        logs.push({ level, message: String(m.message) });
      } else if (m.type === 'done') finish(m.error ?? null);
      else if (m.type === 'call') {
        try {
          if (m.method !== 'ensureCustomField') throw new Error(`api.${m.method} is not available`);
          const [model, def] = Array.isArray(m.args) ? m.args : [];
          const value = await api.ensureCustomField(model, def);
          if (!settled) worker.postMessage({ id: m.id, value });
        } catch (err) {
          const e = err as { message?: string; details?: Array<{ pointer: string; message: string }> };
          const detail = e.details?.map((d) => `${d.pointer} ${d.message}`).join('; ');
          if (!settled)
            worker.postMessage({ id: m.id, error: detail ? `${e.message}: ${detail}` : String(e.message ?? err) });
        }
      }
    });
    worker.on('error', (err) => finish(`webtask crashed: ${err.message}`));
    worker.on('exit', () => finish('webtask exited before finishing'));
  });
