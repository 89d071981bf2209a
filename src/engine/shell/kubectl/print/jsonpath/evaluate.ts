/**
 * Evaluates a parsed jsonpath template against a JSON value, as k8s.io/client-go/util/jsonpath
 * (jsonpath.go) does against unstructured content, including its range/end bookkeeping and
 * PrintResults (maps and lists print as compact JSON, other values as Go's fmt.Print).
 */
import { marshalCompact, marshalIndent, type JsonValue } from '../json.ts';
import type { JPNode, ListNode } from './parser.ts';
import { goSprint, goTypeName } from './go-format.ts';

export class JsonPathExecError extends Error {}

const fail = (msg: string): never => {
  throw new JsonPathExecError(msg);
};

type Val = JsonValue;
const isMap = (v: Val): v is { [k: string]: JsonValue } => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Map iteration: Go's order is random; sorted keys keep the simulator deterministic. */
const mapValues = (m: { [k: string]: JsonValue }) => Object.keys(m).sort().map((k) => m[k]);

function compare(op: string, left: Val, right: Val): boolean {
  // forked text/template's Equal/Less: same basic kind required.
  const kind = (v: Val) => (typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'other');
  const lk = kind(left);
  const rk = kind(right);
  if (op === '==' || op === '!=') {
    if (lk === 'other' || rk === 'other') fail('invalid type for comparison');
    if (lk !== rk) fail('incompatible types for comparison');
    return op === '==' ? left === right : left !== right;
  }
  if (lk === 'other' || rk === 'other' || lk === 'bool' || rk === 'bool') fail('invalid type for comparison');
  if (lk !== rk) fail('incompatible types for comparison');
  const l = left as number | string;
  const r = right as number | string;
  switch (op) {
    case '<': return l < r;
    case '>': return l > r;
    case '<=': return l <= r;
    case '>=': return l >= r;
  }
  return fail(`unrecognized filter operator ${op}`);
}

export class JsonPath {
  private stack: Val[][] = [];
  private cur: Val[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;

  constructor(
    private readonly root: ListNode,
    private readonly allowMissingKeys = true,
  ) {}

  /** FindResults. */
  findResults(data: Val, nodes: readonly JPNode[] = this.root.nodes): Val[][] {
    this.cur = [data];
    const full: Val[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        for (let k = 0; k < results.length; k++) {
          if (k === results.length - 1) this.inRange--;
          full.push(...this.findResults(results[k], nodes.slice(i + 1)));
        }
        break;
      }
      full.push(results);
    }
    return full;
  }

  /** Execute: every result list printed, values separated by one space. */
  execute(data: Val): string {
    const out: string[] = [];
    for (const results of this.findResults(data)) {
      results.forEach((r, i) => {
        out.push(r !== null && typeof r === 'object' ? marshalCompact(r) : goSprint(r));
        if (i !== results.length - 1) out.push(' ');
      });
    }
    return out.join('');
  }

  /**
   * Execute with EnableJSONOutput (`-o jsonpath-as-json=`): each result list printed as one
   * json.MarshalIndent array and a newline (client-go util/jsonpath PrintResults).
   */
  executeJson(data: Val): string {
    return this.findResults(data)
      .map((results) => marshalIndent(results))
      .join('');
  }

  private walk(value: Val[], node: JPNode): Val[] {
    switch (node.type) {
      case 'list': return this.evalList(value, node);
      case 'text': return [node.text];
      case 'field': return this.evalField(value, node.value);
      case 'array': return this.evalArray(value, node);
      case 'filter': return this.evalFilter(value, node);
      case 'int':
      case 'float': return value.map(() => node.value);
      case 'bool': return value.map(() => node.value);
      case 'wildcard': return this.evalWildcard(value);
      case 'recursive': return this.evalRecursive(value);
      case 'union': return node.nodes.flatMap((l) => this.evalList(value, l));
      case 'identifier': return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: Val[], node: ListNode): Val[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Val[], name: string): Val[] {
    if (name === 'range') {
      this.stack.push(this.cur);
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.endRange < this.inRange) {
        this.endRange++;
        return [];
      }
      const top = this.stack.pop();
      if (top === undefined) fail('not in range, nothing to end');
      this.cur = top as Val[];
      return [];
    }
    return fail(`unrecognized identifier ${name}`);
  }

  private evalField(input: Val[], key: string): Val[] {
    const results: Val[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (v === null) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, key)) results.push(v[key]);
    }
    if (results.length === 0 && !this.allowMissingKeys) fail(`${key} is not found`);
    return results;
  }

  private evalArray(input: Val[], node: Extract<JPNode, { type: 'array' }>): Val[] {
    const result: Val[] = [];
    for (const v of input) {
      if (v === null) continue;
      if (!Array.isArray(v)) return fail(`${goTypeName(v)} is not array or slice`);
      const len = v.length;
      let start = node.params[0].known ? node.params[0].value : 0;
      if (start < 0) start += len;
      let end = node.params[1].known ? node.params[1].value : len;
      if (end < 0) end += len;
      if (end !== start) {
        if (start >= len) fail(`array index out of bounds: index ${start}, length ${len}`);
        if (end > len) fail(`array index out of bounds: index ${end - 1}, length ${len}`);
      }
      if (start < 0 || end < start) fail(`array index out of bounds: index ${start}, length ${len}`);
      for (let i = start; i < end; i++) result.push(v[i]);
    }
    return result;
  }

  private evalWildcard(input: Val[]): Val[] {
    const results: Val[] = [];
    for (const v of input) {
      if (v === null) continue;
      if (isMap(v)) results.push(...mapValues(v));
      else if (Array.isArray(v)) results.push(...v);
      else if (typeof v === 'string') for (const ch of new TextEncoder().encode(v)) results.push(ch);
    }
    return results;
  }

  private evalRecursive(input: Val[]): Val[] {
    const result: Val[] = [];
    for (const v of input) {
      if (v === null) continue;
      const children = isMap(v) ? mapValues(v) : Array.isArray(v) ? v : typeof v === 'string' ? [...new TextEncoder().encode(v)] : [];
      if (children.length !== 0) {
        result.push(v);
        result.push(...this.evalRecursive(children));
      }
    }
    return result;
  }

  private evalFilter(input: Val[], node: Extract<JPNode, { type: 'filter' }>): Val[] {
    const results: Val[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) return fail(`${goSprint(v)} is not array or slice and cannot be filtered`);
      for (const item of v) {
        let lefts: Val[];
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          if (node.operator === 'exists') continue;
          throw e;
        }
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length !== 1) fail('can only compare one element at a time');
        const rights = this.evalList([item], node.right);
        if (rights.length !== 1) fail('can only compare one element at a time');
        if (compare(node.operator, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}
