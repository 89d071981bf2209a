/**
 * The `ip` command's read-only verbs in one namespace: `ip [-4|-6] route|addr|link|neigh
 * [show|list] ...`, with iproute2's prefix matching of objects and verbs (lib/utils.c matches:
 * `ip a`, `ip r`, `ip ro sh`) and its messages and exit codes (ip/ip.c do_cmd, iproute.c,
 * ipaddress.c, v6.1.0).
 */
import type { CommandOutput } from './command-output.ts';
import { formatIpAddr, formatIpLink, formatIpNeigh, formatIpRoute } from './ip-format.ts';
import type { NeighborEntry, Netns } from './netns.ts';

/** iproute2's matches(): the word typed is a prefix of the keyword. */
function matches(typed: string, keyword: string): boolean {
  return typed.length > 0 && keyword.startsWith(typed);
}

/** The object table of ip/ip.c in its order, so `a` is address and `n` neighbor. */
const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp'];

const ok = (stdout: string): CommandOutput => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string, exitCode: number): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

function isShow(word: string | undefined): boolean {
  return word === undefined || matches(word, 'list') || matches(word, 'show') || matches(word, 'lst');
}

function deviceArg(netns: Netns, rest: readonly string[]): { dev?: string; error?: CommandOutput } {
  const args = rest[0] === 'dev' ? rest.slice(1) : rest;
  const dev = args[0];
  if (dev === undefined) return {};
  if (!netns.interfaces.some((i) => i.name === dev)) return { error: fail(`Device "${dev}" does not exist.`, 1) };
  return { dev };
}

/** Runs `ip ARGS` (without the leading `ip`) in a node's or a pod's namespace. */
export function ipCommand(netns: Netns & { neighbors?: readonly NeighborEntry[] }, args: readonly string[]): CommandOutput {
  let family: 4 | 6 | undefined;
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const opt = args[i]!;
    if (opt === '-4') family = 4;
    else if (opt === '-6') family = 6;
    else return fail(`Option "${opt}" is unknown, try "ip -help".`, 255);
  }
  const objectWord = args[i];
  if (objectWord === undefined) return fail('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }', 255);
  const object = OBJECTS.find((o) => matches(objectWord, o));
  if (!object) return fail(`Object "${objectWord}" is unknown, try "ip help".`, 1);
  const verb = args[i + 1];
  const rest = args.slice(i + 2);

  switch (object) {
    case 'route': {
      if (!isShow(verb)) return fail(`Command "${verb}" is unknown, try "ip route help".`, 255);
      if (family === 6) return ok('');
      let table: 'main' | 'local' = 'main';
      if (rest[0] === 'table') {
        const id = rest[1];
        if (id === 'local' || id === '255') table = 'local';
        else if (id !== 'main' && id !== '254') return fail(`Error: argument "${id ?? ''}" is wrong: "table" value is invalid`, 255);
      }
      return ok(formatIpRoute(netns, table));
    }
    case 'address': {
      if (!isShow(verb)) return fail(`Command "${verb}" is unknown, try "ip address help".`, 255);
      const { dev, error } = deviceArg(netns, rest);
      if (error) return error;
      return ok(formatIpAddr(netns, { ...(family ? { family } : {}), ...(dev ? { dev } : {}) }));
    }
    case 'link': {
      if (!isShow(verb)) return fail(`Command "${verb}" is unknown, try "ip link help".`, 255);
      const { dev, error } = deviceArg(netns, rest);
      if (error) return error;
      return ok(formatIpLink(netns, dev));
    }
    case 'neighbor':
    case 'neighbour': {
      if (!isShow(verb)) return fail(`Command "${verb}" is unknown, try "ip neigh help".`, 255);
      return ok(family === 6 ? '' : formatIpNeigh(netns.neighbors ?? []));
    }
    default:
      return fail(`svcsim: ip ${object} is not simulated`, 1);
  }
}
