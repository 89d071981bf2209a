import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rand } from '../rand.ts';
import { formatIPv4 } from './ipv4.ts';
import { ConntrackTable, invert, natTranslate, tupleOf } from './conntrack.ts';
import type { Packet } from './packet.ts';

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);
const ip = fc.integer({ min: 0x0a000001, max: 0x0affffff }).map(formatIPv4);
const port = fc.integer({ min: 1, max: 65535 });
const packet = fc.record({ src: ip, dst: ip, sport: port, dport: port, proto: fc.constantFrom('tcp' as const, 'udp' as const, 'sctp' as const) }).map((p): Packet => ({ ...p, mark: 0, ...(p.proto === 'tcp' ? { tcpFlags: 'SYN' as const } : {}) }));
const nat = fc.record(
  {
    dnat: fc.record({ ip, port }),
    snat: fc.record({ ip, port: fc.option(port, { nil: undefined }), randomFully: fc.boolean() }, { requiredKeys: ['ip'] }),
  },
  { requiredKeys: [] },
);

describe('conntrack NAT reversal (property)', () => {
  it('finds every created flow by its reply tuple in the reply direction, and undoing gives back the original addresses', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(packet, nat), { minLength: 1, maxLength: 20 }), fc.integer(), (flows, seed) => {
        const ct = new ConntrackTable();
        const rand = new Rand(seed);
        for (const [p, decision] of flows) {
          const e = ct.create(p, decision, T0, rand);
          // the backend answers to what it received: the translated packet, reversed
          const received = natTranslate(p, { entry: e, direction: 'original' });
          const replyPacket = { ...p, src: received.dst, sport: received.dport, dst: received.src, dport: received.sport };
          const hit = ct.lookup(tupleOf(replyPacket), T0);
          expect(hit?.entry).toBe(e);
          expect(hit?.direction).toBe('reply');
          const back = natTranslate(replyPacket, hit!);
          expect({ src: back.src, sport: back.sport, dst: back.dst, dport: back.dport }).toEqual({ src: p.dst, sport: p.dport, dst: p.src, dport: p.sport });
          expect(ct.lookup(tupleOf(p), T0)).toEqual({ entry: e, direction: 'original' });
          if (decision.dnat) expect({ ip: e.reply.src, port: e.reply.sport }).toEqual(decision.dnat);
          if (!decision.snat) expect(e.reply.dst).toBe(p.src);
          expect(invert(e.reply).dst).toBe(received.dst);
        }
      }),
    );
  });
});
