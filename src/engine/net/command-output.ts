/** What a simulated command-line tool returns: its two streams and its exit status. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}
