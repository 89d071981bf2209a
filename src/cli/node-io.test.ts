/** The CLI's real streams: a reader that goes away (`| head -1`) ends the command quietly. */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { BROKEN_PIPE_STATUS, exitQuietlyOnBrokenPipe } from './node-io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`write ${code}`), { code, syscall: 'write' });

describe('exitQuietlyOnBrokenPipe', () => {
  it('ends with the SIGPIPE status on EPIPE', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    exitQuietlyOnBrokenPipe(stream, (s) => exits.push(s));
    stream.emit('error', errno('EPIPE'));
    expect(exits).toEqual([BROKEN_PIPE_STATUS]);
  });

  it('still throws any other write error', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    exitQuietlyOnBrokenPipe(stream, (s) => exits.push(s));
    expect(() => stream.emit('error', errno('ENOSPC'))).toThrow('write ENOSPC');
    expect(exits).toEqual([]);
  });
});

describe('svcsim piped into a reader that stops reading', { timeout: 30_000 }, () => {
  it('says nothing on stderr and ends with 141, as kubectl does under | head -1', async () => {
    // The reader is gone before the command writes a byte, so its first write meets the closed pipe.
    const child = spawn(process.execPath, ['bin/svcsim.mjs', 'kubectl get pods -A'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const status = await new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    expect(stderr).toBe('');
    expect(status).toBe(BROKEN_PIPE_STATUS);
  });
});
