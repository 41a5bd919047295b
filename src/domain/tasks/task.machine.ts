import { conflict } from '../../kernel/errors.ts';
import type { Task } from './task.ts';

// Pure transitions of a task: (task, now) → next. No I/O, no clock reads.

export function complete(task: Task, now: Date): Task {
  if (task.status === 'completed') throw conflict(`Task '${task.id}' is already completed.`);
  return { ...task, status: 'completed', completedAt: now, updatedAt: now };
}

export function reopen(task: Task, now: Date): Task {
  if (task.status === 'open') throw conflict(`Task '${task.id}' is already open.`);
  return { ...task, status: 'open', completedAt: null, updatedAt: now };
}
