/** Capture the operator log (stderr) at `level` while `fn` runs; `fn` may read what is captured so far. */
import { vi } from 'vitest';

export async function captureLog(fn: (sofar: () => string) => Promise<void>, level = 'warn'): Promise<string> {
  const before = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = level;
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await fn(() => lines.join(''));
  } finally {
    spy.mockRestore();
    process.env.LOG_LEVEL = before;
  }
  return lines.join('');
}
