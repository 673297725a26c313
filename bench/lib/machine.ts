import { cpus, loadavg, totalmem } from 'node:os';

/** The 1-minute load average when the benchmark started (this module loads first): other jobs show here. */
const LOAD_AT_START = loadavg()[0] ?? 0;

/** One line naming the machine a figure was measured on, and how busy it was when the run began. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}; 1-min load average ${LOAD_AT_START.toFixed(2)} when it started (a trailing average: within npm run bench it includes the benchmark before)`;
}
