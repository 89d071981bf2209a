import { describe, it, expect } from 'vitest';
import { base32, hex, sha256 } from '../sha256.ts';
import fc from 'fast-check';
import { portProtoHash, servicePortChainNames, servicePortEndpointChainName, servicePortEndpointChainNameOf } from './names.ts';

// Known KUBE-SEP- names (used by both describes below).
const endpoints: [string, string, string, string][] = [
  ['ns1/svc1:p80', 'tcp', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
  ['ns1/svc1', 'tcp', '10.0.1.1:80', 'KUBE-SEP-3JOIVZTXZZRGORX4'],
  ['ns1/svc1', 'tcp', '10.0.1.2:80', 'KUBE-SEP-IO5XOSKPAXIFQXAJ'],
  ['ns1/svc1', 'tcp', '10.0.1.3:80', 'KUBE-SEP-XGJFVO3L2O5SRFNT'],
  ['ns1/svc1:p80', 'sctp', '10.180.0.1:80', 'KUBE-SEP-RFW33Y6OHVBQ4W3M'],
  ['ns2/svc2:p80', 'tcp', '10.180.0.2:80', 'KUBE-SEP-RS4RBKLTHTF2IUXJ'],
  ['ns4/svc4:p80', 'tcp', '10.180.0.4:80', 'KUBE-SEP-UKSFD7AGPMPPLUHC'],
  ['ns1/svc1:p80', 'tcp', '10.180.2.1:80', 'KUBE-SEP-ZX7GRIZKSNUQ3LAJ'],
  ['default/kubernetes:https', 'tcp', '192.168.20.100:6443', 'KUBE-SEP-U7HH75UFG3U5VGYY'],
  ['kube-system/kube-dns:metrics', 'tcp', '10.244.2.2:9153', 'KUBE-SEP-CLAGU7VMF4VCXE4X'],
  ['kube-system/kube-dns:dns', 'udp', '10.244.2.2:53', 'KUBE-SEP-TCIZBYBD3WWXNWF5'],
  ['kube-system/kube-dns:dns', 'udp', '10.244.2.3:53', 'KUBE-SEP-ZHICQ2ODADGCY7DS'],
];

describe('sha256 and base32', () => {
  it('match the FIPS 180-4 test vectors', () => {
    expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    // Two blocks, and a length that puts the padding exactly at a block edge.
    expect(hex(sha256('a'.repeat(55)))).toBe('9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318');
    expect(hex(sha256('a'.repeat(56)))).toBe('b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a');
  });

  it('encodes base32 as RFC 4648 with padding', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('MY======');
    expect(enc('fo')).toBe('MZXQ====');
    expect(enc('foo')).toBe('MZXW6===');
    expect(enc('foob')).toBe('MZXW6YQ=');
    expect(enc('fooba')).toBe('MZXW6YTB');
    expect(enc('foobar')).toBe('MZXW6YTBOI======');
  });
});

describe('chain names (reference §1.5 worked examples)', () => {
  it('hashes ns1/svc1:p80tcp to the full digest the reference lists', () => {
    const d = sha256('ns1/svc1:p80tcp');
    expect(hex(d).slice(0, 16)).toBe('bbcc3e7a1157ec9c');
    expect(base32(d)).toBe('XPGD46QRK7WJZT7ONRPOTZ5VR35MJ4TXQWCF6RBTQMVGOUHJFHOQ====');
    expect(base32(sha256('ns1/svc1:p80tcp10.180.0.1:80'))).toBe('SXIVWICOYRO3J4NJO2MUGR3RLFLBB3ESKRV7ETNMFQWED4NOCG6Q====');
    expect(hex(sha256('ns1/svc1tcp')).slice(0, 16)).toBe('0411a97a08653efa');
    expect(hex(sha256('ns1/svc1tcp10.0.1.1:80')).slice(0, 16)).toBe('da5c8ae677ce6267');
    expect(hex(sha256('default/kubernetes:httpstcp')).slice(0, 16)).toBe('6befcf338f9b26a8');
  });

  it('names service chains with one hash for SVC, SVL, EXT and FW', () => {
    expect(servicePortChainNames('ns1/svc1:p80', 'tcp')).toEqual({
      clusterPolicy: 'KUBE-SVC-XPGD46QRK7WJZT7O',
      localPolicy: 'KUBE-SVL-XPGD46QRK7WJZT7O',
      external: 'KUBE-EXT-XPGD46QRK7WJZT7O',
      firewall: 'KUBE-FW-XPGD46QRK7WJZT7O',
    });
  });

  const services: [string, string, string][] = [
    ['ns1/svc1:p80', 'tcp', 'XPGD46QRK7WJZT7O'],
    ['ns1/svc1', 'tcp', 'AQI2S6QIMU7PVVRP'],
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['ns1/svc1:p80', 'sctp', 'GFCIFIA5VTFSTMSM'],
    ['ns2/svc2:p80', 'tcp', 'GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'tcp', 'X27LE4BHSL4DOUIK'],
    ['ns4/svc4:p80', 'tcp', '4SW47YFZTEDKD3PK'],
    ['ns5/svc5:p80', 'tcp', 'NUKIZ6OKUXPJNT4C'],
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
  ];
  it.each(services)('%s %s -> %s', (name, proto, hash) => {
    expect(portProtoHash(name, proto)).toBe(hash);
  });

  it.each(endpoints)('%s %s %s -> %s', (name, proto, ep, chain) => {
    expect(servicePortEndpointChainName(name, proto, ep)).toBe(chain);
  });
});

describe('KUBE-SEP- names hashed from the address and port', () => {
  it.each(endpoints)('%s %s %s -> %s', (name, proto, ep, chain) => {
    const colon = ep.lastIndexOf(':');
    expect(servicePortEndpointChainNameOf(name, proto, ep.slice(0, colon), Number(ep.slice(colon + 1)))).toBe(chain);
  });

  it('equal the names of the joined ip:port, across one and two SHA-256 blocks', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(label, label, fc.constantFrom('tcp', 'udp', 'sctp'), fc.tuple(octet, octet, octet, octet), fc.integer({ min: 1, max: 65535 }), (ns, svc, proto, o, port) => {
        const name = `${ns}/${svc}:http`;
        const ip = o.join('.');
        expect(servicePortEndpointChainNameOf(name, proto, ip, port)).toBe(servicePortEndpointChainName(name, proto, `${ip}:${port}`));
      }),
      { numRuns: 500 },
    );
  });
});
