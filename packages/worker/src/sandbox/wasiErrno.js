// @ts-check
/** @internal WASI preview1 errno values used by the sandbox's own import implementations. */
export const ERRNO = Object.freeze({
  SUCCESS: 0,
  ACCES: 2,
  BADF: 8,
  FAULT: 21,
  INVAL: 28,
  IO: 29,
  NOENT: 44,
  NOSYS: 52,
  NOTDIR: 54,
  NOTSUP: 58,
  SPIPE: 70,
});

/** @internal Maps a Node file-system error to a WASI errno. */
export function errnoOfNodeError(/** @type {any} */ error) {
  switch (error?.code) {
    case 'ENOENT':
      return ERRNO.NOENT;
    case 'ENOTDIR':
      return ERRNO.NOTDIR;
    case 'EACCES':
      return ERRNO.ACCES;
    default:
      return ERRNO.IO;
  }
}
