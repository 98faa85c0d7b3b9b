// Types for aligned.js (plain JavaScript so that worker threads can import it).

/** `count` buffers of `size` bytes, each starting on a page boundary, backed by one WebAssembly memory. */
export function alignedBuffers(size: number, count?: number): Buffer[];
