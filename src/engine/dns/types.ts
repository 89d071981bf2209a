/**
 * DNS messages as svcsim models them: what CoreDNS answers, what a stub resolver asks. Names in
 * records are fully qualified with the trailing dot, in the case the question used (CoreDNS
 * answers with the query's own spelling of the name).
 */

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'SRV' | 'TXT' | 'SOA' | 'NS' | 'MX' | 'ANY';

/** RFC 1035 / 6895 type numbers, for the wire size and `dig`'s TYPE display. */
export const RR_TYPE_CODE: Record<RRType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export interface DnsQuestion {
  /** Fully qualified, trailing dot, as asked (case kept). */
  name: string;
  type: RRType;
}

export type RData =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'CNAME'; target: string }
  | { type: 'PTR'; target: string }
  | { type: 'NS'; target: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { type: 'TXT'; text: string[] }
  | { type: 'SOA'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };

export type ResourceRecord = RData & { name: string; ttl: number };

export interface DnsFlags {
  /** Authoritative answer: CoreDNS's kubernetes plugin sets it; forwarded answers do not have it. */
  aa: boolean;
  /** Recursion desired, echoed from the query. */
  rd: boolean;
  /** Recursion available: CoreDNS's own answers leave it off; forwarded ones carry the upstream's. */
  ra: boolean;
  tc: boolean;
}

/** Which part of the Corefile produced the answer (for traces and explanations). */
export type DnsAnswerSource = 'kubernetes' | 'forward' | 'invalid';

export interface DnsResponse {
  question: DnsQuestion;
  rcode: Rcode;
  flags: DnsFlags;
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  source: DnsAnswerSource;
}

/** What a client sends: the question and whether it asks for recursion (every stub resolver does). */
export interface DnsQuery {
  name: string;
  type: RRType;
  rd?: boolean;
}
