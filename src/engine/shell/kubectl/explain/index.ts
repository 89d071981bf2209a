/** `kubectl explain`. Stub; filled in next. */
export function explain(path: string, opts?: { recursive?: boolean }): { stdout: string; stderr: string; exitCode: number } {
  void opts;
  return { stdout: '', stderr: `error: the server doesn't have a resource type "${path}"\n`, exitCode: 1 };
}
