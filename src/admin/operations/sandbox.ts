import { runTrigger, triggerList } from '../../sandbox/trigger/run-trigger.ts';
import { AdminError, json, optStr, staffContext, str, type AdminOperation } from '../admin-operation.ts';

/** `lockyard trigger <type>`: the event through its real flow; prints what it created and the events it emitted. */
export const trigger: AdminOperation = async (lockyard, input) => {
  if (!lockyard.config.sandbox) throw new AdminError('trigger works in sandbox mode only');
  const overrides = (input.overrides ?? {}) as Record<string, string>;
  if (typeof overrides !== 'object' || Object.values(overrides).some((v) => typeof v !== 'string'))
    throw new AdminError('overrides: field → string value');
  const ctx = await staffContext(lockyard, optStr(input, 'operator'));
  const result = await runTrigger(lockyard.services, ctx, str(input, 'type'), overrides);
  return { stdout: json(result), data: result };
};

export const listTriggers: AdminOperation = async () => {
  const list = triggerList();
  const width = Math.max(...list.triggers.map((t) => t.type.length));
  const stdout =
    list.triggers
      .map(
        (t) =>
          `${t.type.padEnd(width)}  ${t.summary}${t.fields.length ? ` [overrides: ${t.fields.join(', ')}]` : ''}\n`,
      )
      .join('') + (list.not_triggerable.length ? `\nno producer yet: ${list.not_triggerable.join(', ')}\n` : '');
  return { stdout, data: list };
};
