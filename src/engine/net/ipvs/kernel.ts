/**
 * One node's IPVS at run time: the configured virtual services (an IpvsTable), the schedulers'
 * state, destination counters and the connection table with persistence templates
 * (net/netfilter/ipvs/ip_vs_core.c ip_vs_schedule / ip_vs_sched_persist, ip_vs_conn.c).
 *
 * Per packet the walker calls `schedule` for the first packet of a flow to a VIP (or finds the
 * flow's connection again), then `packet` for every packet of the connection in either
 * direction (state machine, counters, timer), and `expire` as simulated time passes. Run-time
 * state is made lazily, per virtual service on its first packet, so a node with 12,000
 * services costs nothing until traffic flows. Deterministic: no scheduler draws random numbers.
 */
import { DEFAULT_TIMEOUTS, nextTcpState, tcpEventOf } from './conn-states.ts';
import type { Direction } from './conn-states.ts';
import { createScheduler } from './schedulers.ts';
import type { Scheduler } from './schedulers.ts';
import { IpvsService } from './service.ts';
import type { IpvsDest } from './service.ts';
import { IpvsTable } from './table.ts';
import { specKey } from './types.ts';
import type { IpvsConnState, IpvsFlow, IpvsProtocol, VirtualServerSpec } from './types.ts';

export interface IpvsConnection {
  readonly protocol: IpvsProtocol;
  readonly caddr: string;
  /** 0 for a persistence template. */
  cport: number;
  readonly vaddr: string;
  /** 65535 (with dport) once the kernel invalidated this template (ip_vs_check_template). */
  vport: number;
  readonly daddr: string;
  dport: number;
  state: IpvsConnState;
  /** Simulated seconds when the entry expires. */
  expires: number;
  /**
   * A template's timer: the service's persistence timeout, then 60 s once it outlived it while
   * still controlling connections (ip_vs_conn.c ip_vs_conn_expire, `expire_later`).
   */
  timeout: number;
  readonly template: boolean;
  /** The persistence template this connection was scheduled through. */
  readonly control?: IpvsConnection;
  /** Connections controlled by this template. */
  children: number;
  /** Counts as active (ESTABLISHED) rather than inactive. */
  active: boolean;
  readonly dest: IpvsDest;
  readonly service: IpvsService;
}

export type IpvsScheduleResult =
  /** A packet of a flow IPVS already tracks. */
  | { kind: 'existing'; conn: IpvsConnection }
  /** A new connection; `viaTemplate` when a persistence template chose the server. */
  | { kind: 'new'; conn: IpvsConnection; viaTemplate: boolean }
  /** A virtual service with no available destination: ip_vs_leave sends ICMP port unreachable and drops. */
  | { kind: 'no-destination'; service: VirtualServerSpec }
  /** Not addressed to a virtual service: IPVS lets it through untouched. */
  | { kind: 'not-virtual' };

export interface IpvsKernelOptions {
  /** `ipvsadm --set tcp tcpfin udp` (kube-proxy's ipvs.tcpTimeout, tcpFinTimeout, udpTimeout); 0 keeps the default. */
  tcpTimeout?: number;
  tcpFinTimeout?: number;
  udpTimeout?: number;
}

function connKey(protocol: IpvsProtocol, caddr: string, cport: number, vaddr: string, vport: number): string {
  return `${protocol}|${caddr}|${cport}|${vaddr}|${vport}`;
}

export class IpvsKernel {
  private table: IpvsTable;
  private readonly runtime = new Map<string, { svc: IpvsService; sched: Scheduler }>();
  /** Connections and templates by client side, in creation order (what -Lnc lists). */
  private readonly conns = new Map<string, IpvsConnection>();
  private readonly timeouts: Record<IpvsConnState, number>;
  /** Invalidated templates, rehashed under ports 65535: their table keys. */
  private readonly invalidKeys = new Map<IpvsConnection, string>();
  private invalidated = 0;

  constructor(table: IpvsTable = IpvsTable.of([]), opts: IpvsKernelOptions = {}) {
    this.table = table;
    this.timeouts = { ...DEFAULT_TIMEOUTS };
    if (opts.tcpTimeout) this.timeouts.ESTABLISHED = opts.tcpTimeout;
    if (opts.tcpFinTimeout) this.timeouts.FIN_WAIT = opts.tcpFinTimeout;
    if (opts.udpTimeout) this.timeouts.UDP = opts.udpTimeout;
  }

  get configuration(): IpvsTable {
    return this.table;
  }

  /** kube-proxy's sync: the new set of services. Counters and connections of unchanged ones stay. */
  load(table: IpvsTable): void {
    this.table = table;
    for (const [key, rt] of this.runtime) {
      const spec = table.get(key);
      if (!spec) this.runtime.delete(key);
      else if (spec !== rt.svc.spec) this.reconcile(key, rt, spec);
    }
  }

  /** The virtual service for (protocol, VIP, port): one map lookup. */
  lookup(protocol: IpvsProtocol, address: string, port: number): VirtualServerSpec | undefined {
    return this.table.find(protocol, address, port);
  }

  /** The run-time service (counters, destinations in kernel order), made on first use. */
  service(spec: VirtualServerSpec): IpvsService {
    const key = specKey(spec);
    let rt = this.runtime.get(key);
    if (!rt) {
      rt = { svc: new IpvsService(spec), sched: createScheduler(spec.scheduler, spec.flags) };
      this.runtime.set(key, rt);
    } else if (rt.svc.spec !== spec) this.reconcile(key, rt, spec);
    return rt.svc;
  }

  /** The run-time service if traffic has made one (listing prints the spec's zeros otherwise). */
  existingService(spec: VirtualServerSpec): IpvsService | undefined {
    const key = specKey(spec);
    return this.runtime.has(key) ? this.service(spec) : undefined;
  }

  private reconcile(key: string, rt: { svc: IpvsService; sched: Scheduler }, spec: VirtualServerSpec): void {
    const old = rt.svc.spec;
    rt.svc.spec = spec;
    if (old.scheduler !== spec.scheduler || old.flags?.flag1 !== spec.flags?.flag1 || old.flags?.flag2 !== spec.flags?.flag2) {
      rt.sched = createScheduler(spec.scheduler, spec.flags);
    }
    const wanted = new Map(spec.destinations.map((d) => [`${d.address}:${d.port}`, d]));
    for (const dest of [...rt.svc.dests]) {
      const w = wanted.get(dest.key);
      if (w) {
        if (dest.weight !== w.weight || dest.draining) rt.svc.generation++;
        dest.weight = w.weight;
        dest.draining = false;
        wanted.delete(dest.key);
      } else if (dest.activeConns + dest.inactConns > 0 && spec.protocol === 'TCP') {
        // kube-proxy's graceful termination (graceful_termination.go): weight 0 until the
        // connections are gone; UDP and SCTP servers are deleted at once (IsRsGracefulTerminationNeeded).
        if (dest.weight !== 0) rt.svc.generation++;
        dest.weight = 0;
        dest.draining = true;
      } else rt.svc.removeDest(dest);
    }
    for (const d of spec.destinations) if (wanted.has(`${d.address}:${d.port}`)) rt.svc.addDest(d);
    void key;
  }

  /** The connection a packet from the client side belongs to, if IPVS tracks it. */
  connection(flow: IpvsFlow): IpvsConnection | undefined {
    return this.conns.get(connKey(flow.protocol, flow.src, flow.sport, flow.dst, flow.dport));
  }

  /**
   * The first packet of a flow to a VIP: the tracked connection, or a server chosen by the
   * persistence template or the scheduler and a new connection to it.
   */
  schedule(flow: IpvsFlow, now: number): IpvsScheduleResult {
    const existing = this.connection(flow);
    // expire_nodest_conn=1 (set by kube-proxy): a connection whose server was deleted goes on its next packet.
    if (existing && existing.expires > now && existing.service.dests.includes(existing.dest)) return { kind: 'existing', conn: existing };
    if (existing) this.drop(existing);
    const spec = this.lookup(flow.protocol, flow.dst, flow.dport);
    if (!spec) return { kind: 'not-virtual' };
    const svc = this.service(spec);
    const sched = this.runtime.get(specKey(spec))!.sched;
    let template: IpvsConnection | undefined;
    let viaTemplate = false;
    if (spec.persistentTimeout !== undefined) {
      // ip_vs_sched_persist: the client's template is used while ip_vs_check_template finds its
      // server available; otherwise it is invalidated and a new one is scheduled.
      const tkey = connKey(flow.protocol, flow.src, 0, flow.dst, flow.dport);
      template = this.conns.get(tkey);
      if (template && template.expires <= now) {
        this.settleTemplate(template, now, template.expires);
        if (this.conns.get(tkey) !== template) template = undefined;
      }
      // expire_quiescent_template=1 (set by kube-proxy): a server with weight 0 fails the check too.
      if (template && (!template.dest.available || !svc.dests.includes(template.dest))) {
        this.invalidate(template, tkey);
        template = undefined;
      }
      if (template) viaTemplate = true;
      else {
        const dest = sched.pick(svc, flow);
        if (!dest) return { kind: 'no-destination', service: spec };
        template = this.create(svc, dest, flow.protocol, flow.src, 0, flow.dst, flow.dport, 'NONE', true, undefined, now);
        template.timeout = spec.persistentTimeout;
      }
      // ip_vs_conn_put restarts the template's timer with its own timeout.
      template.expires = now + template.timeout;
    }
    const dest = template ? template.dest : sched.pick(svc, flow);
    if (!dest) return { kind: 'no-destination', service: spec };
    const conn = this.create(svc, dest, flow.protocol, flow.src, flow.sport, flow.dst, flow.dport, flow.protocol === 'UDP' ? 'UDP' : 'NONE', false, template, now);
    svc.stats.conns++;
    dest.stats.conns++;
    return { kind: 'new', conn, viaTemplate };
  }

  private create(
    svc: IpvsService, dest: IpvsDest, protocol: IpvsProtocol, caddr: string, cport: number,
    vaddr: string, vport: number, state: IpvsConnState, template: boolean, control: IpvsConnection | undefined, now: number,
  ): IpvsConnection {
    const conn: IpvsConnection = {
      protocol, caddr, cport, vaddr, vport, daddr: dest.address, dport: dest.port, state,
      expires: now + this.timeouts[state], timeout: this.timeouts[state], template, control, children: 0, active: false, dest, service: svc,
    };
    if (template) dest.persistConns++;
    else dest.inactConns++;
    if (control) control.children++;
    this.conns.set(connKey(protocol, caddr, cport, vaddr, vport), conn);
    return conn;
  }

  /**
   * A packet of a connection: `in` from the client, `out` the server's reply. Moves the TCP
   * state (SYN/FIN/ACK/RST from `tcpFlags`), the active/inactive counts and the timer, and counts
   * the packet in the service's and the destination's statistics.
   */
  packet(conn: IpvsConnection, dir: Direction, now: number, bytes = 60, tcpFlags?: string): void {
    const svc = conn.service;
    const d = conn.dest;
    if (dir === 'in') {
      svc.stats.inpkts++; svc.stats.inbytes += bytes; d.stats.inpkts++; d.stats.inbytes += bytes;
    } else {
      svc.stats.outpkts++; svc.stats.outbytes += bytes; d.stats.outpkts++; d.stats.outbytes += bytes;
    }
    if (conn.protocol === 'TCP') {
      const ev = tcpEventOf(tcpFlags);
      if (ev) this.setState(conn, nextTcpState(conn.state, dir, ev));
    }
    conn.expires = now + this.timeouts[conn.state];
  }

  /** Moves a connection to a state, keeping the destination's active/inactive counts. */
  setState(conn: IpvsConnection, state: IpvsConnState): void {
    const active = state === 'ESTABLISHED';
    if (active !== conn.active && !conn.template) {
      if (active) { conn.dest.inactConns--; conn.dest.activeConns++; }
      else { conn.dest.activeConns--; conn.dest.inactConns++; }
    }
    conn.active = active;
    conn.state = state;
  }

  /**
   * Runs the timers that fired by `now`: connections go; a template goes once it controls none,
   * at the first firing of its timer after its last connection went (ip_vs_conn_expire).
   */
  expire(now: number): void {
    const lastChildGone = new Map<IpvsConnection, number>();
    for (const c of [...this.conns.values()]) {
      if (c.template || c.expires > now) continue;
      if (c.control) lastChildGone.set(c.control, Math.max(lastChildGone.get(c.control) ?? 0, c.expires));
      this.drop(c);
    }
    for (const c of [...this.conns.values()]) {
      if (c.template && c.expires <= now) this.settleTemplate(c, now, lastChildGone.get(c) ?? c.expires);
    }
  }

  /**
   * A template whose timer fired by `now`: with connections it re-arms for 60 s (expire_later)
   * and fires again; it goes at the first firing once `childrenGoneAt` has passed.
   */
  private settleTemplate(t: IpvsConnection, now: number, childrenGoneAt: number): void {
    let fires = t.expires;
    if (t.children === 0 && fires >= childrenGoneAt) {
      this.drop(t);
      return;
    }
    const REARM = 60;
    if (t.children === 0) {
      fires += Math.ceil((childrenGoneAt - fires) / REARM) * REARM;
      if (fires <= now) {
        this.drop(t);
        return;
      }
    } else fires += (Math.floor((now - fires) / REARM) + 1) * REARM;
    t.expires = fires;
    t.timeout = REARM;
  }

  /**
   * ip_vs_check_template's invalidation: the template is rehashed with ports 65535 (so no client
   * finds it again) and left to its timer, which is not restarted.
   */
  private invalidate(t: IpvsConnection, key: string): void {
    this.conns.delete(key);
    t.cport = 0;
    t.vport = 65535;
    t.dport = 65535;
    const invalidKey = `${connKey(t.protocol, t.caddr, 0, t.vaddr, 65535)}|${++this.invalidated}`;
    this.invalidKeys.set(t, invalidKey);
    this.conns.set(invalidKey, t);
  }

  private drop(c: IpvsConnection): void {
    const key = this.invalidKeys.get(c) ?? connKey(c.protocol, c.caddr, c.cport, c.vaddr, c.vport);
    if (this.conns.get(key) !== c) return;
    this.conns.delete(key);
    this.invalidKeys.delete(c);
    const d = c.dest;
    if (c.template) d.persistConns--;
    else if (c.active) d.activeConns--;
    else d.inactConns--;
    if (c.control) c.control.children--;
    // A draining destination goes once its last connection has.
    if (d.draining && d.activeConns + d.inactConns === 0) c.service.removeDest(d);
  }

  /** Every entry of the connection table (templates included), in the order they were made. */
  connections(): IpvsConnection[] {
    return [...this.conns.values()];
  }
}
