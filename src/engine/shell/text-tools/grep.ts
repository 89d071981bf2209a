/**
 * GNU grep 3.11 as Ubuntu 24.04 runs it in a pipeline: options as its glibc getopt_long reads
 * them (permuted operands, grouped short options, `-NUM`, unambiguous prefixes of long names),
 * its output (`file:`/`N:` prefixes, `-` on context lines, `--` between groups of context),
 * messages and exit status (0 a line selected, 1 none, 2 trouble unless -q found a line). Its
 * output is a pipe or the console, never a terminal it would colour. Source: grep 3.11
 * src/grep.c (main, prtext, prpending, grepbuf, grepdesc); patterns are grep-pattern.ts's.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { buildMatcher, fgrepable, fixedSource, translatePattern } from './grep-pattern.ts';
import type { Matcher } from './grep-pattern.ts';
import { STDIN_NAME, readInputs, splitLines } from './input.ts';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

type ArgKind = 'none' | 'required' | 'optional';
interface LongOption {
  name: string;
  arg: ArgKind;
  /** The short letter it stands for, or its own name. */
  key: string;
}

/** grep.c long_options, in its order (getopt lists ambiguous possibilities in this order). */
const LONG_OPTIONS: readonly LongOption[] = (
  [
    ['basic-regexp', 'none', 'G'], ['extended-regexp', 'none', 'E'], ['fixed-regexp', 'none', 'F'],
    ['fixed-strings', 'none', 'F'], ['perl-regexp', 'none', 'P'], ['after-context', 'required', 'A'],
    ['before-context', 'required', 'B'], ['binary-files', 'required', 'binary-files'], ['byte-offset', 'none', 'b'],
    ['context', 'required', 'C'], ['color', 'optional', 'color'], ['colour', 'optional', 'color'],
    ['count', 'none', 'c'], ['devices', 'required', 'D'], ['directories', 'required', 'd'],
    ['exclude', 'required', 'exclude'], ['exclude-from', 'required', 'exclude-from'], ['exclude-dir', 'required', 'exclude-dir'],
    ['file', 'required', 'f'], ['files-with-matches', 'none', 'l'], ['files-without-match', 'none', 'L'],
    ['group-separator', 'required', 'group-separator'], ['help', 'none', 'help'], ['include', 'required', 'include'],
    ['ignore-case', 'none', 'i'], ['no-ignore-case', 'none', 'no-ignore-case'], ['initial-tab', 'none', 'T'],
    ['label', 'required', 'label'], ['line-buffered', 'none', 'line-buffered'], ['line-number', 'none', 'n'],
    ['line-regexp', 'none', 'x'], ['max-count', 'required', 'm'], ['no-filename', 'none', 'h'],
    ['no-group-separator', 'none', 'no-group-separator'], ['no-messages', 'none', 's'], ['null', 'none', 'Z'],
    ['null-data', 'none', 'z'], ['only-matching', 'none', 'o'], ['quiet', 'none', 'q'],
    ['recursive', 'none', 'r'], ['dereference-recursive', 'none', 'R'], ['regexp', 'required', 'e'],
    ['invert-match', 'none', 'v'], ['silent', 'none', 'q'], ['text', 'none', 'a'],
    ['binary', 'none', 'U'], ['unix-byte-offsets', 'none', 'u'], ['version', 'none', 'V'],
    ['with-filename', 'none', 'H'], ['word-regexp', 'none', 'w'],
  ] as const
).map(([name, arg, key]) => ({ name, arg, key }));

/** grep.c short_options: a letter followed by `:` takes a value. */
const SHORT_OPTIONS = '0123456789A:B:C:D:EFGHIPTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz';

/** Options of real grep that svcsim does not run: recursion, byte offsets, NUL-separated data, ... */
const NOT_SIMULATED = new Set(['b', 'd', 'D', 'r', 'R', 'T', 'V', 'X', 'z', 'Z', 'exclude', 'exclude-from', 'exclude-dir', 'include']);

type MatcherName = 'grep' | 'egrep' | 'fgrep' | 'perl';
const MATCHER_OF: Record<string, MatcherName> = { G: 'grep', E: 'egrep', F: 'fgrep', P: 'perl' };

interface GrepOptions {
  matcher: MatcherName | undefined;
  /** Pattern lines from -e and -f, in order; undefined when neither was given. */
  keys: string[] | undefined;
  ignoreCase: boolean;
  invert: boolean;
  word: boolean;
  line: boolean;
  count: boolean;
  lineNumber: boolean;
  onlyMatching: boolean;
  quiet: boolean;
  noMessages: boolean;
  listFiles: 'none' | 'matching' | 'nonmatching';
  /** -H 1, -h -1, neither 0. */
  filenameOption: number;
  maxCount: number;
  after: number;
  before: number;
  defaultContext: number;
  groupSeparator: string | null;
  label: string | undefined;
  showHelp: boolean;
  /** Standard input went to -f -. */
  stdinUsed: boolean;
}

type Parsed = { ok: true; opts: GrepOptions; operands: string[]; stderr: string } | { ok: false; result: CommandOutput };

const trouble = (stderr: string, stdout = ''): Parsed => ({ ok: false, result: { stdout, stderr, exitCode: 2 } });

/** gnulib xstrtoimax with no suffixes: optional blanks and sign, then decimal digits only. */
function parseInteger(s: string): number | undefined {
  if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s.trim());
  return Number.isSafeInteger(n) ? n : n < 0 ? -Infinity : Infinity;
}

function parseArgs(args: readonly string[], ctx: ShellContext): Parsed {
  const o: GrepOptions = {
    matcher: undefined, keys: undefined, ignoreCase: false, invert: false, word: false, line: false, count: false,
    lineNumber: false, onlyMatching: false, quiet: false, noMessages: false, listFiles: 'none', filenameOption: 0,
    maxCount: Infinity, after: -1, before: -1, defaultContext: -1, groupSeparator: '--', label: undefined,
    showHelp: false, stdinUsed: false,
  };
  let stderr = '';
  const operands: string[] = [];

  /** One option, as grep.c's switch in main handles it; a string is grep's fatal message. */
  const apply = (key: string, value: string | undefined, word: string): string | Parsed | undefined => {
    if (NOT_SIMULATED.has(key)) return { ok: false, result: { stdout: '', stderr: `svcsim: grep ${word} is not simulated\n`, exitCode: 2 } };
    const v = value ?? '';
    switch (key) {
      case 'E': case 'F': case 'G': case 'P': {
        const m = MATCHER_OF[key];
        if (o.matcher !== undefined && o.matcher !== m) return 'conflicting matchers specified';
        o.matcher = m;
        break;
      }
      case 'A': case 'B': case 'C': {
        const n = parseInteger(v);
        if (n === undefined || n < 0) return `${v}: invalid context length argument`;
        if (key === 'A') o.after = n;
        else if (key === 'B') o.before = n;
        else o.defaultContext = n;
        break;
      }
      case 'e':
        (o.keys ??= []).push(...v.split('\n'));
        break;
      case 'f': {
        const input = readInputs([v], ctx)[0];
        if (input.text === undefined) return `${v}: No such file or directory`;
        if (input.stdin) o.stdinUsed = true;
        (o.keys ??= []).push(...splitLines(input.text).lines);
        break;
      }
      case 'm': {
        const n = parseInteger(v);
        if (n === undefined) return 'invalid max count';
        o.maxCount = n;
        break;
      }
      case 'i': case 'y': o.ignoreCase = true; break;
      case 'no-ignore-case': o.ignoreCase = false; break;
      case 'v': o.invert = true; break;
      case 'w': o.word = true; break;
      case 'x': o.line = true; break;
      case 'c': o.count = true; break;
      case 'n': o.lineNumber = true; break;
      case 'o': o.onlyMatching = true; break;
      case 'q': o.quiet = true; break;
      case 's': o.noMessages = true; break;
      case 'l': o.listFiles = 'matching'; break;
      case 'L': o.listFiles = 'nonmatching'; break;
      case 'H': o.filenameOption = 1; break;
      case 'h': o.filenameOption = -1; break;
      case 'u': stderr += 'grep: warning: --unix-byte-offsets (-u) is obsolete\n'; break;
      case 'binary-files':
        if (!['binary', 'text', 'without-match'].includes(v)) return 'unknown binary-files type';
        break;
      case 'color':
        // A pipe is not a terminal: auto gives no colour. `always` would add SGR escapes, which the
        // console does not show; svcsim prints the text as `never` does.
        if (value !== undefined && !/^(always|yes|force|never|no|none|auto|tty|if-tty)$/i.test(value)) o.showHelp = true;
        break;
      case 'group-separator': o.groupSeparator = v; break;
      case 'no-group-separator': o.groupSeparator = null; break;
      case 'label': o.label = v; break;
      case 'help': o.showHelp = true; break;
      default: break; // -a, -I, -U, --line-buffered: no effect on svcsim's text
    }
    return undefined;
  };
  const applied = (r: string | Parsed | undefined): Parsed | undefined =>
    r === undefined ? undefined : typeof r === 'string' ? trouble(`${stderr}grep: ${r}\n`) : r;
  const usage = (message: string): Parsed => trouble(`${stderr}grep: ${message}\n${USAGE}`);

  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      // glibc getopt process_long_option: an exact name, else a prefix that picks one option.
      const rest = a.slice(2);
      const eq = rest.indexOf('=');
      const name = eq < 0 ? rest : rest.slice(0, eq);
      let found = LONG_OPTIONS.find((opt) => opt.name === name);
      if (!found) {
        const candidates = LONG_OPTIONS.filter((opt) => opt.name.startsWith(name));
        const first = candidates[0];
        const ambiguous = candidates.filter((c) => c === first || c.arg !== first.arg || c.key !== first.key);
        if (ambiguous.length > 1) return usage(`option '--${rest}' is ambiguous; possibilities:${ambiguous.map((c) => ` '--${c.name}'`).join('')}`);
        if (!first) return usage(`unrecognized option '--${rest}'`);
        found = first;
      }
      let value: string | undefined = eq < 0 ? undefined : rest.slice(eq + 1);
      if (found.arg === 'none' && value !== undefined) return usage(`option '--${found.name}' doesn't allow an argument`);
      if (found.arg === 'required' && value === undefined) {
        if (i + 1 >= args.length) return usage(`option '--${found.name}' requires an argument`);
        value = args[++i];
      }
      const r = applied(apply(found.key, value, `--${found.name}`));
      if (r) return r;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    // A group of short options; a run of digits in it is -NUM (grep.c get_nondigit_option).
    let digits = '';
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (c >= '0' && c <= '9') {
        digits = j > 1 && a[j - 1] >= '0' && a[j - 1] <= '9' ? digits + c : c;
        o.defaultContext = Number(digits);
        continue;
      }
      const at = c === ':' ? -1 : SHORT_OPTIONS.indexOf(c);
      if (at < 0) return usage(`invalid option -- '${c}'`);
      if (SHORT_OPTIONS[at + 1] === ':') {
        let value = a.slice(j + 1);
        if (!value) {
          if (i + 1 >= args.length) return usage(`option requires an argument -- '${c}'`);
          value = args[++i];
        }
        const r = applied(apply(c, value, `-${c}`));
        if (r) return r;
        break;
      }
      const r = applied(apply(c, undefined, `-${c}`));
      if (r) return r;
    }
  }
  return { ok: true, opts: o, operands, stderr };
}

/** The patterns as one matcher, or grep's messages when they do not compile. */
function compile(o: GrepOptions, patterns: readonly string[]): { matcher: Matcher; warnings: string } | { stderr: string } {
  const matcherOptions = { ignoreCase: o.ignoreCase, word: o.word, line: o.line, perl: o.matcher === 'perl' };
  if (o.matcher === 'fgrep') return { matcher: buildMatcher(patterns.map(fixedSource), matcherOptions), warnings: '' };
  if (o.matcher === 'perl') {
    if (patterns.length > 1) return { stderr: 'grep: the -P option only supports a single pattern\n' };
    try {
      // The pattern on its own first, so that an error is about it rather than -w's or -x's wrapping.
      new RegExp(patterns[0]);
      return { matcher: buildMatcher(patterns, matcherOptions), warnings: '' };
    } catch (e) {
      return { stderr: perlError(e instanceof Error ? e.message : String(e)) };
    }
  }
  const syntax = o.matcher === 'egrep' ? 'extended' : 'basic';
  // dfasearch.c GEAcompile: glibc compiles each pattern, and reports each one that fails...
  const sources: string[] = [];
  let errors = '';
  let warnings = '';
  let dfaError: string | undefined;
  let groups = 0;
  for (const p of patterns) {
    const t = translatePattern(p, syntax, groups);
    if (!t.ok) {
      errors += `grep: ${t.error}\n`;
      continue;
    }
    groups += t.groups;
    sources.push(t.source);
    // ...then dfa.c parses them all, warning as it goes, until its first error.
    if (dfaError === undefined) {
      warnings += t.warnings.map((w) => `grep: warning: ${w}\n`).join('');
      dfaError = t.dfaError;
    }
  }
  if (errors) return { stderr: errors };
  if (dfaError) return { stderr: `${warnings}grep: ${dfaError}\n` };
  // grep.c main: two or more patterns with nothing a regex needs are matched as fixed strings,
  // without dfa.c and its warnings.
  if (patterns.length > 1 && patterns.every((p) => fgrepable(p, syntax))) warnings = '';
  return { matcher: buildMatcher(sources, matcherOptions), warnings };
}

/** PCRE2's words for the errors a JavaScript RegExp reports in their own terms. */
function perlError(message: string): string {
  const known: [RegExp, string][] = [
    [/Unterminated group/, 'missing closing parenthesis'],
    [/Unmatched '\)'/, 'unmatched closing parenthesis'],
    [/Unterminated character class/, 'missing terminating ] for character class'],
    [/Nothing to repeat/, 'quantifier does not follow a repeatable item'],
    [/\\ at end of pattern/, '\\ at end of pattern'],
  ];
  const hit = known.find(([re]) => re.test(message));
  return hit ? `grep: ${hit[1]}\n` : `svcsim: grep -P: this pattern is not simulated (${message})\n`;
}

export function grep(args: readonly string[], ctx: ShellContext): CommandOutput {
  const parsed = parseArgs(args, ctx);
  if (!parsed.ok) return parsed.result;
  const { opts: o, operands } = parsed;
  let stderr = parsed.stderr;
  if (o.showHelp) return { stdout: HELP, stderr, exitCode: 0 };

  let keys = o.keys;
  if (!keys) {
    const pat = operands.shift();
    if (pat === undefined) return { stdout: '', stderr: stderr + USAGE, exitCode: 2 };
    // grep.c main: a pattern operand starting `\-` loses its backslash (no stray-\ warning).
    keys = (o.matcher !== 'fgrep' && pat.startsWith('\\-') ? pat.slice(1) : pat).split('\n');
  }
  // grep.c update_patterns: a pattern given twice is one pattern.
  let patterns = [...new Set(keys)];
  if (!patterns.length) {
    // No patterns at all (an empty -f file): match nothing.
    o.invert = !o.invert;
    o.line = o.word = false;
    patterns = [''];
  }
  // -q overrides -l and -L, which override -c.
  if (o.quiet) o.listFiles = 'none';
  const doneOnMatch = o.quiet || o.listFiles !== 'none';
  if (doneOnMatch) o.count = false;
  const outQuiet = o.count || doneOnMatch;
  const after = o.after < 0 ? o.defaultContext : o.after;
  const before = o.before < 0 ? o.defaultContext : o.before;
  const keysEmpty = patterns.length === 1 && patterns[0] === '';
  if ((o.maxCount === 0 || (keysEmpty && o.invert && !o.line && !o.word)) && o.listFiles !== 'nonmatching') {
    return { stdout: '', stderr, exitCode: 1 };
  }

  const compiled = compile(o, patterns);
  if ('stderr' in compiled) return { stdout: '', stderr: stderr + compiled.stderr, exitCode: 2 };
  stderr += compiled.warnings;
  const { matcher } = compiled;

  const inputs = readInputs(operands, ctx).map((input) =>
    input.stdin ? { ...input, name: o.label ?? STDIN_NAME, text: o.stdinUsed ? '' : input.text } : input,
  );
  const outFile = o.filenameOption === 0 ? operands.length > 1 : o.filenameOption > 0;
  let stdout = '';
  let errseen = false;
  let anyStatusZero = false;
  // prtext's `used`: a group separator only after something was printed, in any file.
  let used = false;

  for (const input of inputs) {
    if (input.text === undefined) {
      if (!o.noMessages) stderr += `grep: ${input.name}: No such file or directory\n`;
      errseen = true;
      continue;
    }
    const { lines } = splitLines(input.text);
    const head = (n: number, sep: string) => `${outFile ? input.name + sep : ''}${o.lineNumber ? `${n + 1}${sep}` : ''}`;
    let lastout = -1; // the last line printed from this file
    let pending = 0;
    let outleft = o.maxCount;
    let nlines = 0;
    /**
     * prline: a line as selected (`:`) or context (`-`). -o prints the matches of a line that
     * matches, whichever it is: with -v those are the context lines, marked `-`.
     */
    const prline = (n: number, selected: boolean) => {
      if (!o.onlyMatching) stdout += `${head(n, selected ? ':' : '-')}${lines[n]}\n`;
      else if (selected !== o.invert) for (const m of matcher.matches(lines[n])) stdout += `${head(n, o.invert ? '-' : ':')}${m}\n`;
      lastout = n;
    };
    const prpending = (upTo: number) => {
      for (; pending > 0 && lastout + 1 < upTo && lastout >= 0; pending--) prline(lastout + 1, false);
    };
    // -m 0 with -L reads nothing (grep.c grep: `if (outleft)`).
    for (let n = 0; n < lines.length && outleft !== 0; n++) {
      if (matcher.test(lines[n]) === o.invert) continue;
      // prtext for one selected line.
      if (!outQuiet) {
        prpending(n);
        const from = Math.max(lastout + 1, n - Math.max(0, before));
        // A separator unless this output adjoins the last in the file (grep.c prtext).
        if ((before >= 0 || after >= 0) && used && (lastout < 0 || from !== lastout + 1) && o.groupSeparator !== null) {
          stdout += `${o.groupSeparator}\n`;
        }
        for (let b = from; b < n; b++) prline(b, false);
      }
      // With -v a negative -m selects nothing (grep.c prtext: `n < outleft`).
      const counted = !o.invert || outleft > 0 ? 1 : 0;
      if (counted && !outQuiet) prline(n, true);
      pending = outQuiet ? 0 : Math.max(0, after);
      used = true;
      outleft -= counted;
      nlines += counted;
      if (outleft === 0 || doneOnMatch) {
        if (o.quiet) return { stdout, stderr, exitCode: 0 };
        break;
      }
    }
    if (pending > 0 && lastout >= 0) prpending(lines.length);
    if (o.count) stdout += `${outFile ? `${input.name}:` : ''}${nlines}\n`;
    // grepdesc: a file's status is 1 when no line was selected (-L lists those, yet exits 1 on them).
    const status = nlines === 0;
    if (!status) anyStatusZero = true;
    if (o.listFiles === (status ? 'nonmatching' : 'matching')) stdout += `${input.name}\n`;
  }
  return { stdout, stderr, exitCode: errseen ? 2 : anyStatusZero ? 0 : 1 };
}

/** grep.c usage (EXIT_SUCCESS), with gnulib's emit_bug_reporting_address. */
const HELP = `Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
Example: grep -i 'hello world' menu.h main.c
PATTERNS can contain multiple patterns separated by newlines.

Pattern selection and interpretation:
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions
  -P, --perl-regexp         PATTERNS are Perl regular expressions
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -f, --file=FILE           take PATTERNS from FILE
  -i, --ignore-case         ignore case distinctions in patterns and data
      --no-ignore-case      do not ignore case distinctions (default)
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -z, --null-data           a data line ends in 0 byte, not newline

Miscellaneous:
  -s, --no-messages         suppress error messages
  -v, --invert-match        select non-matching lines
  -V, --version             display version information and exit
      --help                display this help text and exit

Output control:
  -m, --max-count=NUM       stop after NUM selected lines
  -b, --byte-offset         print the byte offset with output lines
  -n, --line-number         print line number with output lines
      --line-buffered       flush output on every line
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
      --label=LABEL         use LABEL as the standard input file name prefix
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
      --binary-files=TYPE   assume that binary files are TYPE;
                            TYPE is 'binary', 'text', or 'without-match'
  -a, --text                equivalent to --binary-files=text
  -I                        equivalent to --binary-files=without-match
  -d, --directories=ACTION  how to handle directories;
                            ACTION is 'read', 'recurse', or 'skip'
  -D, --devices=ACTION      how to handle devices, FIFOs and sockets;
                            ACTION is 'read' or 'skip'
  -r, --recursive           like --directories=recurse
  -R, --dereference-recursive  likewise, but follow all symlinks
      --include=GLOB        search only files that match GLOB (a file pattern)
      --exclude=GLOB        skip files that match GLOB
      --exclude-from=FILE   skip files that match any file pattern from FILE
      --exclude-dir=GLOB    skip directories that match GLOB
  -L, --files-without-match  print only names of FILEs with no selected lines
  -l, --files-with-matches  print only names of FILEs with selected lines
  -c, --count               print only a count of selected lines per FILE
  -T, --initial-tab         make tabs line up (if needed)
  -Z, --null                print 0 byte after FILE name

Context control:
  -B, --before-context=NUM  print NUM lines of leading context
  -A, --after-context=NUM   print NUM lines of trailing context
  -C, --context=NUM         print NUM lines of output context
  -NUM                      same as --context=NUM
      --group-separator=SEP  print SEP on line between matches with context
      --no-group-separator  do not print separator for matches with context
      --color[=WHEN],
      --colour[=WHEN]       use markers to highlight the matching strings;
                            WHEN is 'always', 'never', or 'auto'
  -U, --binary              do not strip CR characters at EOL (MSDOS/Windows)

When FILE is '-', read standard input.  With no FILE, read '.' if
recursive, '-' otherwise.  With fewer than two FILEs, assume -h.
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.

Report bugs to: bug-grep@gnu.org
GNU grep home page: <https://www.gnu.org/software/grep/>
General help using GNU software: <https://www.gnu.org/gethelp/>
`;
