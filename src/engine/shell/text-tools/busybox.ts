/**
 * Where BusyBox 1.36's applets (busybox and Alpine images) print what GNU's tools print: the
 * options below, given as short options, behave alike in both (findutils/grep.c, coreutils/
 * head.c, tail.c, sort.c, uniq.c, cut.c, tr.c, seq.c), so a run GNU's tool finishes without a
 * message shows what BusyBox's would. Anything else (long options, other options, messages,
 * wc's column widths, sed and awk) differs or was not compared, and stays unsimulated.
 */

interface Applet {
  /** Options that take no value. */
  flags: string;
  /** Options that take a value (attached or as the next word). */
  valued: string;
  /** Whether `-NUM` (head -5) is read as a count. */
  digits?: boolean;
}

const APPLETS: Readonly<Record<string, Applet>> = {
  grep: { flags: 'cHhilLnoqsvwxEF', valued: 'eABCm' },
  egrep: { flags: 'cHhilLnoqsvwx', valued: 'eABCm' },
  fgrep: { flags: 'cHhilLnoqsvwx', valued: 'eABCm' },
  head: { flags: '', valued: 'nc', digits: true },
  tail: { flags: '', valued: 'nc', digits: true },
  sort: { flags: 'nrufbs', valued: 'kt' },
  uniq: { flags: 'cdui', valued: 'fs' },
  cut: { flags: 's', valued: 'bcdf' },
  tr: { flags: 'cds', valued: '' },
};

/** Whether BusyBox's NAME, given ARGS, prints what GNU's does when GNU's prints no message. */
export function busyboxAgrees(name: string, args: readonly string[]): boolean {
  if (name === 'seq') return args.length <= 3 && args.every((a) => /^-?\d+$/.test(a)) && (args.length < 3 || Number(args[1]) !== 0);
  const applet = APPLETS[name];
  if (!applet) return false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return true;
    if (!a.startsWith('-') || a === '-') continue;
    if (a.startsWith('--')) return false;
    if (applet.digits && /^-\d+$/.test(a)) continue;
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (applet.valued.includes(c)) {
        if (k === a.length - 1) i++;
        break;
      }
      if (!applet.flags.includes(c)) return false;
    }
  }
  return true;
}
