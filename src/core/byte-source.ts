/**
 * Bytes read by range: a stored artifact read in parts (store/artifact-file.ts), or bytes in
 * memory. What lets an index open by reading only what a command needs of it.
 */
export interface ByteSource {
  readonly length: number;
  /** Bytes [offset, offset + length). May be a view: do not modify it. Throws on a range outside. */
  read(offset: number, length: number): Uint8Array;
  /**
   * Bytes [offset, offset + into.length) copied into `into`: for scans, which then reuse one
   * buffer rather than take fresh memory for every part.
   */
  readInto(offset: number, into: Uint8Array): void;
}

/** Bytes in memory as a ByteSource: reads are views, nothing is copied. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  const read = (offset: number, length: number) => {
    if (offset < 0 || length < 0 || offset + length > bytes.length) throw new RangeError(`bytes [${offset}, ${offset + length}) are outside ${bytes.length}`);
    return bytes.subarray(offset, offset + length);
  };
  return { length: bytes.length, read, readInto: (offset, into) => into.set(read(offset, into.length)) };
}
