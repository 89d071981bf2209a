/** A trace as readable text, for `svcsim trace` and anyone reading a trace without the UI. */
import type { Hop, Trace, TraceDns } from './trace.ts';

function where(h: Hop): string {
  const p = h.place;
  const parts = [p.host];
  if (p.netns !== 'host') parts.push(p.netns);
  if (p.hook) parts.push(p.hook);
  if (p.table && p.chain) parts.push(`${p.table}/${p.chain}`);
  if (p.iface) parts.push(p.iface);
  return parts.join(' ');
}

function hopLines(hops: readonly Hop[], start: number): string[] {
  const out: string[] = [];
  hops.forEach((h, i) => {
    out.push(`${String(start + i).padStart(3)}. [${where(h)}] ${h.action}: ${h.say}`);
    if (h.rule) out.push(`       ${h.rule.text}`);
    out.push(`       ${h.packet.src}:${h.packet.sport} -> ${h.packet.dst}:${h.packet.dport} ${h.packet.proto}${h.packet.mark ? ` mark 0x${h.packet.mark.toString(16)}` : ''}`);
  });
  return out;
}

const RESULT_WORDS: Record<Trace['result'], string> = {
  delivered: 'delivered',
  refused: 'refused (connection refused)',
  dropped: 'dropped (the client times out)',
  timeout: 'timed out (the request or its reply was lost)',
  'no-route': 'no route to the destination',
  closed: 'closed (accepted, then closed without an answer)',
};

/** The lookup phase: one line per query, then each query's packet in brief. */
function dnsLines(d: TraceDns): string[] {
  const out = [`dns:      ${d.name} via ${d.server}:53/udp -> ${d.addresses.length ? d.addresses.join(', ') : 'no address'}`];
  for (const q of d.queries) out.push(`  ${q.type.padEnd(5)} ${q.name} ${q.rcode}${q.answers.length ? ` ${q.answers.join(' ')}` : ''}`);
  d.traces.forEach((t, i) => {
    const answeredBy = t.endpoint?.pod ? ` by ${t.endpoint.pod}` : '';
    out.push(`  query ${i + 1}: ${RESULT_WORDS[t.result]}${t.endpoint ? ` at ${t.endpoint.ip}:${t.endpoint.port}${answeredBy}` : ''}, ${t.hops.length} hops, rules traversed: ${t.rulesTraversed}`);
  });
  return out;
}

export function formatTrace(t: Trace): string {
  const r = t.request;
  const lines = [
    ...(t.dns ? [...dnsLines(t.dns), ''] : []),
    `request:  ${r.from.kind} ${r.from.name} (${r.from.ip}) -> ${r.dst}:${r.dport}/${r.proto}`,
    `result:   ${RESULT_WORDS[t.result]}`,
  ];
  if (t.endpoint) lines.push(`endpoint: ${t.endpoint.ip}:${t.endpoint.port}${t.endpoint.pod ? ` (pod ${t.endpoint.pod}` : ''}${t.endpoint.node ? `${t.endpoint.pod ? ', ' : ' ('}node ${t.endpoint.node})` : t.endpoint.pod ? ')' : ''}`);
  if (t.arrival) {
    const kept = t.arrival.src.split(':')[0] === r.from.ip;
    lines.push(`arrival:  ${t.arrival.src} -> ${t.arrival.dst} (${kept ? 'the source address is kept' : 'the source was masqueraded'})`);
  }
  if (t.proxied) {
    const tries = t.proxied.attempts.map((a) => `${a.endpoint} ${a.result}${a.elapsedMs ? ` after ${a.elapsedMs} ms` : ''}`).join(', ');
    lines.push(`proxied:  by kube-proxy (userspace) on ${t.proxied.node}, proxy port ${t.proxied.proxyPort} for ${t.proxied.service}${tries ? `; dials: ${tries}` : ''}${t.proxied.error ? `; ${t.proxied.error}` : ''}`);
  }
  lines.push(`rules traversed: ${t.rulesTraversed}`, '', 'request hops:', ...hopLines(t.hops, 1));
  if (t.reply) lines.push('', `reply hops (arrives as ${t.reply.arrival.src} -> ${t.reply.arrival.dst}):`, ...hopLines(t.reply.hops, t.hops.length + 1));
  return `${lines.join('\n')}\n`;
}
