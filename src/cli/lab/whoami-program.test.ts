import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import dgram from 'node:dgram';
import http from 'node:http';
import { WHOAMI_PATH } from './whoami-program.ts';

// The lab's pod server, run on loopback (no namespace needed): it answers like traefik/whoami.
const program = fileURLToPath(WHOAMI_PATH);
const TCP = 39181;
const UDP = 39182;
let child: ChildProcess | undefined;

function start(): Promise<void> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [program, 'web-1', `${TCP}/tcp`, `${UDP}/udp`, '--max-seconds', '60'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

afterAll(() => {
  child?.kill();
});

describe('the lab pod server', () => {
  it('answers HTTP with its name, its addresses, the source it saw and the request', async () => {
    await start();
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: TCP, path: '/', headers: { 'User-Agent': 'curl/8.5.0' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    const lines = body.split('\n');
    expect(lines[0]).toBe('Hostname: web-1');
    expect(lines).toContain('IP: 127.0.0.1');
    expect(body).toMatch(/\nRemoteAddr: 127\.0\.0\.1:\d+\nGET \/ HTTP\/1\.1\r\n/);
    expect(body).toContain('User-Agent: curl/8.5.0\r\n');
  });

  it('answers a UDP datagram with its name and the source it saw', async () => {
    const sock = dgram.createSocket('udp4');
    const reply = await new Promise<string>((resolve) => {
      sock.on('message', (m) => resolve(m.toString()));
      sock.send('hello', UDP, '127.0.0.1');
    });
    const port = sock.address().port;
    sock.close();
    expect(reply).toBe(`Hostname: web-1\nRemoteAddr: 127.0.0.1:${port}\n`);
  });
});
