import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Per-process counter so concurrent writes in one process never share a temp name. */
let tempCounter = 0;

/** fsync a directory so a rename inside it survives a crash. Not supported everywhere (Windows): best effort. */
const fsyncDirBestEffort = (dir: string): void => {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some platforms refuse to open or fsync a directory */
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* ignore */
      }
    }
  }
};

/**
 * Replace the file at `path` with `data` atomically:
 * write `<dir>/.<name>.<pid>.<counter>.tmp`, fsync it, rename it over `path`
 * (atomic within one file system on POSIX), then fsync the directory.
 *
 * A kill -9 at any moment leaves either the old content or the new content at
 * `path`, never a torn file (at worst a stray temp file). Parent folders are
 * created as needed.
 */
export const atomicWriteFile = (path: string, data: string | Uint8Array): void => {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  tempCounter += 1;
  const tempPath = join(dir, `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(tempPath, 'wx');
  try {
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tempPath);
    } catch {
      /* already gone */
    }
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tempPath, path);
  } catch (err) {
    try {
      unlinkSync(tempPath);
    } catch {
      /* already gone */
    }
    throw err;
  }
  fsyncDirBestEffort(dir);
};

/** {@link atomicWriteFile} of `JSON.stringify(value, null, 2)` plus a trailing newline. */
export const atomicWriteJson = (path: string, value: unknown): void => {
  atomicWriteFile(path, `${JSON.stringify(value, null, 2)}\n`);
};
