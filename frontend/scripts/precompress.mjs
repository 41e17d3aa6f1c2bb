// After `vite build`: a brotli (.br) and a gzip (.gz) copy of every compressible file of the
// built web client, made once at the highest levels, so the server sends the smaller one the
// browser accepts (Content-Encoding by negotiation) without compressing on each request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|txt|xml|webmanifest)$/;
const MIN_BYTES = 1024; // smaller files gain nothing worth a second request header

let files = 0;
let before = 0;
let after = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (COMPRESSIBLE.test(name)) compress(path);
  }
}
function compress(path) {
  const raw = readFileSync(path);
  if (raw.length < MIN_BYTES) return;
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
  files += 1;
  before += raw.length;
  after += br.length;
}
walk(dist);
console.log(`precompressed ${files} files: ${(before / 1024).toFixed(1)} KB → ${(after / 1024).toFixed(1)} KB (brotli)`);
