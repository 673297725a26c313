import { prestat, path_open, fd_read, fd_write, fd_close, fd_prestat_get, fd_prestat_dir_name, errno, rights, lookupflags, oflags, fdflags, iovec } from "bindings/wasi_snapshot_preview1";
let pre = memory.data(8);
for (let fd: u32 = 3; fd < 10; fd++) {
  let e = fd_prestat_get(fd, changetype<prestat>(pre));
  if (e != errno.SUCCESS) break;
  let len = load<u32>(changetype<usize>(pre), 4);
  let buf = new ArrayBuffer(len);
  fd_prestat_dir_name(fd, changetype<usize>(buf), len);
  console.log(fd.toString() + " " + String.UTF8.decode(buf));
}
