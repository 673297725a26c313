import type { ChildProcess } from 'node:child_process';

/**
 * Waits until a node process started by this package (anvil, EDR) answers JSON-RPC on `rpcUrl`, and returns how to
 * stop it. Throws, with what the node wrote on stderr, if it exits first or does not answer within `timeoutMs` (then
 * it is killed).
 * @example
 * const stop = await nodeReady(child, { name: 'anvil', rpcUrl, timeoutMs: 15_000 });
 */
export async function nodeReady(
  child: ChildProcess,
  { name, rpcUrl, timeoutMs }: { name: string; rpcUrl: string; timeoutMs: number },
): Promise<() => Promise<void>> {
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${stderr.trim()}`);
    try {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (res.ok) break;
    } catch {
      // not listening yet: retry until the deadline
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer on ${rpcUrl} within ${timeoutMs / 1000} s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}
