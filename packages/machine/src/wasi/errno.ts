/** WASI preview1 errno values the machine's host functions return. */
export const ERRNO = {
  SUCCESS: 0,
  BADF: 8,
  EXIST: 20,
  FAULT: 21,
  ILSEQ: 25,
  INVAL: 28,
  MFILE: 33,
  NAMETOOLONG: 37,
  ISDIR: 31,
  NOBUFS: 42,
  NOENT: 44,
  NOSYS: 52,
  NOTDIR: 54,
  NOTSUP: 58,
  SPIPE: 70,
  NOTCAPABLE: 76,
} as const;
