/**
 * A shell's variables: the console's bash keeps them from line to line (`export NODE_PORT=...`,
 * then `curl $NODE_IP:$NODE_PORT`), with the exit status of the last pipeline as `$?`. A child
 * shell (`bash -c`) starts from the exported ones; a command substitution works on a copy.
 */

export class ShellVariables {
  /** `$?`: the exit status of the most recent pipeline. */
  status = 0;

  private constructor(
    private readonly values: Map<string, string>,
    private readonly exports: Set<string>,
  ) {}

  /**
   * A root login on an Ubuntu 24.04 node (kubeadm's hosts): what sshd and login set, and PATH
   * from Ubuntu's /etc/environment. Nothing else is invented: other names are unset.
   */
  static rootLogin(): ShellVariables {
    const env: [string, string][] = [
      ['HOME', '/root'],
      ['LOGNAME', 'root'],
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin'],
      ['PWD', '/root'],
      ['SHELL', '/bin/bash'],
      ['USER', 'root'],
    ];
    return new ShellVariables(new Map(env), new Set(env.map(([k]) => k)));
  }

  /** A process's environment (`NAME=value` lines, as `env` prints it), every name exported. */
  static fromEnvironment(text: string): ShellVariables {
    const values = new Map<string, string>();
    for (const line of text.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1));
    }
    return new ShellVariables(values, new Set(values.keys()));
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  set(name: string, value: string): void {
    this.values.set(name, value);
  }

  unset(name: string): void {
    this.values.delete(name);
    this.exports.delete(name);
  }

  export(name: string): void {
    this.exports.add(name);
  }

  /** The exported variables that have a value, by name. */
  exported(): [string, string][] {
    const out: [string, string][] = [];
    for (const name of this.exports) {
      const v = this.values.get(name);
      if (v !== undefined) out.push([name, v]);
    }
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** A subshell's copy (`$(...)`): everything, changes not coming back. */
  copy(): ShellVariables {
    const c = new ShellVariables(new Map(this.values), new Set(this.exports));
    c.status = this.status;
    return c;
  }

  /** A child process's shell (`bash -c`): the environment it inherits. */
  child(): ShellVariables {
    return new ShellVariables(new Map(this.exported()), new Set(this.exported().map(([k]) => k)));
  }
}
