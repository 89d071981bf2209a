/** What a DNS tool in a pod needs: the pod's resolver files, the path to the nameserver, and what it printed. */
import type { DnsConfig, HostsEntry } from '../resolv-conf.ts';
import type { Send, SentQuery } from '../resolver.ts';

export interface ToolContext {
  /** The pod's /etc/resolv.conf. */
  config: DnsConfig;
  /** Sends one query to the first nameserver (the lead's packet walk) and returns what came back. */
  send: Send;
  /** The pod's /etc/hosts. */
  hosts: HostsEntry[];
  /** The pod's own address (source address for musl's sort). */
  podIP?: string;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
  /** stdout and stderr as a terminal shows them, in the order the tool wrote them. */
  output: string;
  exitCode: number;
  /** Every query the tool sent, in order. */
  queries: SentQuery[];
  /** How long the tool waited for answers that never came, in ms (the simulated clock moves this much). */
  elapsedMs: number;
}

/** Collects writes to both streams in order. */
export class Printer {
  stdout = '';
  stderr = '';
  output = '';
  out(s: string): void {
    this.stdout += s;
    this.output += s;
  }
  err(s: string): void {
    this.stderr += s;
    this.output += s;
  }
  done(exitCode: number, queries: SentQuery[], elapsedMs = 0): ToolOutput {
    return { stdout: this.stdout, stderr: this.stderr, output: this.output, exitCode, queries, elapsedMs };
  }
}
