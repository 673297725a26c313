import asc from 'assemblyscript/asc';
const t=performance.now();
for (const f of ['_proto/app.ts','_proto/fs.ts']) {
const r = await asc.main([f, '--config', '../node_modules/@assemblyscript/wasi-shim/asconfig.json', '-O3', '-o', '/tmp/proto/'+f.split('/')[1].replace('.ts','.wasm')], {});
console.log(f, r.error, r.stderr.toString(), performance.now()-t);
}
