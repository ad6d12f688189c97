/** Capture the operator log (stderr) at `level` while `fn` runs. */
import { vi } from 'vitest';

export async function captureLog(fn: () => Promise<void>, level = 'warn'): Promise<string> {
  const before = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = level;
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
    process.env.LOG_LEVEL = before;
  }
  return lines.join('');
}
