import { path_open, fd_read, fd_write, fd_close, fd_prestat_get, fd_prestat_dir_name, errno } from "bindings/wasi_snapshot_preview1";
export function _main(): void {}
const args = process.argv;
console.log("args=" + args.join(","));
console.log("rand=" + Math.random().toString());
const t0 = Date.now();
console.log("now=" + t0.toString());
