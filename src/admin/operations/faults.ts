import { describeFault, type Fault } from '../../domain/faults/fault.ts';
import { AdminError, operatorContext, optStr, str, type AdminOperation } from '../admin-operation.ts';

const wire = (f: Fault) => ({
  id: f.id,
  target: f.targetId,
  target_kind: f.targetKind,
  kind: f.kind,
  settings: f.settings,
  created_at: f.createdAt.toISOString(),
  description: describeFault(f),
});

const line = (f: Fault) => `${f.id}  ${f.targetId}  ${f.kind.padEnd(26)}  ${describeFault(f)}\n`;

function sandboxOnly(sandbox: boolean) {
  if (!sandbox) throw new AdminError('faults exist in sandbox mode only');
}

/** `lockyard faults set <target> <kind>`: replaces the target's fault of that kind; its count starts again. */
export const setFault: AdminOperation = async (lockyard, input) => {
  sandboxOnly(lockyard.config.sandbox);
  const ctx = await operatorContext(lockyard, optStr(input, 'operator'));
  const settings = Object.fromEntries(
    Object.entries(input).filter(([k, v]) => !['operator', 'target', 'kind'].includes(k) && v !== undefined),
  );
  const fault = await lockyard.services.faults.set(ctx.operator.id, {
    target: str(input, 'target'),
    kind: str(input, 'kind'),
    ...settings,
  });
  return { stdout: line(fault), data: wire(fault) };
};

export const listFaults: AdminOperation = async (lockyard, input) => {
  const ctx = await operatorContext(lockyard, optStr(input, 'operator'));
  const faults = await lockyard.services.faults.list(ctx.operator.id);
  return {
    stdout: faults.length ? faults.map(line).join('') : `no faults for ${ctx.operator.id}\n`,
    data: faults.map(wire),
  };
};

export const clearFaults: AdminOperation = async (lockyard, input) => {
  sandboxOnly(lockyard.config.sandbox);
  const ctx = await operatorContext(lockyard, optStr(input, 'operator'));
  const cleared = await lockyard.services.faults.clear(ctx.operator.id, {
    target: optStr(input, 'target'),
    kind: optStr(input, 'kind'),
  });
  return { stdout: `cleared ${cleared} fault${cleared === 1 ? '' : 's'}\n`, data: { cleared } };
};
